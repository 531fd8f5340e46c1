import {
  createOpenApiClient,
  generateRsaKeyPair,
  PlatformApiError,
} from '@mp-sandbox/openapi-client';
import { expect, test } from '@mp-sandbox/playwright';
import { stack } from '../support/stack';

const HARBOR = 'Harbor Coffee';

test('a user who allows is signed in with their name, and the four steps share one correlation id', async ({
  wallet,
  consent,
  events,
}) => {
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.waitFor(HARBOR);
  await consent.expectScopes(['auth_user']);
  await consent.expectFields(['nickName', 'avatar']);
  await consent.allow();
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');

  const read = await events.waitFor('user_info.read');
  const [issued] = await events.list('auth_code.issued');
  const [exchanged] = await events.list('token.issued');
  expect(issued?.correlationId).toBeTruthy();
  expect(exchanged?.correlationId).toBe(issued?.correlationId);
  expect(read.correlationId).toBe(issued?.correlationId);
  expect(issued?.data['scopes']).toEqual(['auth_user']);
});

test('a user who denies sees the failure in the mini program, and the platform issues no code', async ({
  wallet,
  consent,
  events,
}) => {
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.deny();
  await expect(harbor.getByRole('status')).toContainText('Authorization failed (11)');
  await expect(harbor.getByRole('status')).toContainText('refused: auth_user');
  expect(await events.list('auth_code.issued')).toHaveLength(0);
  expect(await events.list('consent.denied')).toHaveLength(1);
});

test('a user who denied is asked again the next time', async ({ wallet, consent }) => {
  const harbor = await wallet.open(HARBOR);
  const login = harbor.getByRole('button', { name: 'Log in with wallet' });
  await login.click();
  await consent.deny();
  await expect(login).toBeEnabled();
  await login.click();
  await consent.allow();
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
});

test('the silent auth_base scope gives a code without any consent sheet', async ({
  wallet,
  consent,
  events,
}) => {
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Check in at the counter' }).click();
  await expect(harbor.getByRole('status')).toHaveText(
    /^Checked in: stamp added for customer \d{20}$/,
  );
  expect(await events.list('consent.allowed')).toHaveLength(0);
  await expect(consent.dialog).toHaveCount(0);
});

test('an authCode replayed to the merchant server is rejected with USED_AUTHCODE', async ({
  page,
  wallet,
  consent,
  events,
}) => {
  const harbor = await wallet.open(HARBOR);
  const loginRequest = page.waitForRequest(`${stack.urls.merchant}/api/login`);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  const { authCode } = (await loginRequest).postDataJSON() as { authCode: string };
  await expect(harbor.getByRole('status')).toContainText('Signed in as');

  const replay = await fetch(`${stack.urls.merchant}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ authCode }),
  });
  expect(replay.status).toBe(401);
  expect(await replay.json()).toMatchObject({ error: 'USED_AUTHCODE' });
  const failure = await events.waitFor('openapi.failed');
  expect(failure.data['resultCode']).toBe('USED_AUTHCODE');
});

test('a request signed with a key the platform does not know is rejected with INVALID_SIGNATURE', async ({
  sandbox,
}) => {
  const { publicKey } = await sandbox.request<{ publicKey: string }>(
    'GET',
    '/sandbox/v1/keys/platform',
  );
  const impostor = createOpenApiClient({
    gatewayUrl: stack.urls.platform,
    clientId: '2024SANDBOXMERCHANT01',
    privateKey: generateRsaKeyPair().privateKey,
    platformPublicKey: publicKey,
  });
  const error = await impostor
    .applyToken({
      appId: '3333010071465913',
      authClientId: '2024SANDBOXMERCHANT01',
      grantType: 'AUTHORIZATION_CODE',
      authCode: '2810ABCDEF',
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformApiError);
  expect((error as PlatformApiError).resultCode).toBe('INVALID_SIGNATURE');
  expect((error as PlatformApiError).resultStatus).toBe('F');
});
