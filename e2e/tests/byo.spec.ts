// Bring your own mini program: a sandbox started from the fixture's own config file (no samples),
// with the fixture's Pet Clinic mini program and merchant server, each on its own origin.
import {
  createOpenApiClient,
  generateRsaKeyPair,
  PlatformApiError,
} from '@mp-sandbox/openapi-client';
import { expect, test as base, type SandboxUrls } from '@mp-sandbox/playwright';
import type { OpenApiCallEventData } from '@mp-sandbox/protocol';
import { readFileSync } from 'node:fs';
import { startByoStack, type ByoStack } from '../support/byoStack';

// One BYO sandbox per worker; the kit's fixtures (wallet, consent, events, sandbox) then drive it.
const test = base.extend<{}, { byo: ByoStack; sandboxUrls: SandboxUrls }>({
  byo: [
    async ({}, use) => {
      const stack = await startByoStack();
      try {
        await use(stack);
      } finally {
        await stack.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  sandboxUrls: [
    async ({ byo }, use) => use({ shell: byo.urls.shell, platform: byo.urls.platform }),
    { scope: 'worker' },
  ],
});

// The tests share the worker's sandbox: run them in order in one worker rather than start two.
test.describe.configure({ mode: 'default' });

const NAME = 'Ana Lucía García Torres';

test('the wallet lists the registered Pet Clinic and none of the samples; its first screen asks nothing', async ({
  page,
  wallet,
  consent,
  events,
}) => {
  await wallet.goto();
  await expect(page.getByRole('button', { name: 'Pet Clinic', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Harbor Coffee' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Scope Tester' })).toHaveCount(0);

  const clinic = await wallet.open('Pet Clinic');
  await expect(
    clinic.getByRole('heading', { name: 'A vet at your door, this week' }),
  ).toBeVisible();
  await expect(clinic.getByRole('button', { name: 'Book with wallet' })).toBeEnabled();
  await expect(consent.dialog).toHaveCount(0);
  expect(await events.list('rule.warning')).toHaveLength(0);
});

test('booking with the wallet: consent for profile and addresses, then the merchant books for the user', async ({
  page,
  wallet,
  consent,
  events,
  byo,
}, testInfo) => {
  const clinic = await wallet.open('Pet Clinic');
  await clinic.getByRole('button', { name: 'Book with wallet' }).click();
  await consent.waitFor('Pet Clinic');
  await consent.expectScopes(['auth_user', 'USER_ADDRESS']);
  await expect(consent.scopes).toHaveText([/^See your basic profile/, /^See your addresses/]);
  await consent.allow();
  await expect(clinic.getByRole('status')).toHaveText(`Booked for ${NAME}`);
  await expect(clinic.locator('#details')).toContainText(
    'Av. Álvaro Obregón 112, Ciudad de México',
  );

  const read = await events.waitFor('user_info.read');
  const [issued] = await events.list('token.issued');
  expect(issued).toMatchObject({
    appId: byo.appId,
    data: { grantType: 'AUTHORIZATION_CODE', scopes: ['auth_user', 'USER_ADDRESS'] },
  });
  expect(read).toMatchObject({ appId: byo.appId, correlationId: issued?.correlationId });

  const shot = testInfo.outputPath('pet-clinic-booked.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('Pet Clinic after booking', { path: shot, contentType: 'image/png' });
});

test("the merchant's calls carry the Pet Clinic client id and are signed with its own key", async ({
  wallet,
  consent,
  events,
  sandbox,
  byo,
}) => {
  const clinic = await wallet.open('Pet Clinic');
  await clinic.getByRole('button', { name: 'Book with wallet' }).click();
  await consent.allow();
  await expect(clinic.getByRole('status')).toHaveText(`Booked for ${NAME}`);

  await events.waitFor('openapi.call', (e) => e.data['api'] === 'inquiryUserInfo');
  const calls = (await events.list('openapi.call')).map(
    (e) => e.data as unknown as OpenApiCallEventData,
  );
  expect(calls.map((c) => [c.api, c.resultCode, c.request.headers['client-id']])).toEqual([
    ['applyToken', 'SUCCESS', byo.clientId],
    ['inquiryUserInfo', 'SUCCESS', byo.clientId],
  ]);

  // The platform holds only the Pet Clinic's public key for this client: another key is refused,
  // and the same code then goes through when signed with the merchant's own key.
  const { publicKey: platformPublicKey } = await sandbox.request<{ publicKey: string }>(
    'GET',
    '/sandbox/v1/keys/platform',
  );
  const { authCode } = await sandbox.issueAuthCode({ app: 'Pet Clinic', scopes: ['auth_user'] });
  const request = {
    appId: byo.appId,
    authClientId: byo.clientId,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  } as const;
  const signedWith = (privateKey: string) =>
    createOpenApiClient({
      gatewayUrl: byo.urls.platform,
      clientId: byo.clientId,
      privateKey,
      platformPublicKey,
    });

  const refused = await signedWith(generateRsaKeyPair().privateKey)
    .applyToken(request)
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(PlatformApiError);
  expect((refused as PlatformApiError).resultCode).toBe('INVALID_SIGNATURE');

  const accepted = await signedWith(readFileSync(byo.privateKeyFile, 'utf8')).applyToken(request);
  expect(accepted.accessToken).toBeTruthy();
});
