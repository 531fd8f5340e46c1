import { expect, test, type Page } from '@playwright/test';
import { createOpenApiClient, generateRsaKeyPair, PlatformApiError } from '@mp-sandbox/openapi-client';
import { control } from '../support/control';
import { stack } from '../support/stack';

const APP_NAME = 'Harbor Coffee';

async function openMiniProgram(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: APP_NAME }).click();
  const miniProgram = page.frameLocator('iframe[name="mini-program"]');
  await expect(miniProgram.getByRole('button', { name: 'Log in with wallet' })).toBeVisible();
  return miniProgram;
}

test.beforeEach(async () => {
  await control.reset();
});

test('a user who allows is signed in with their name, and the four steps share one correlation id', async ({ page }) => {
  const miniProgram = await openMiniProgram(page);
  await miniProgram.getByRole('button', { name: 'Log in with wallet' }).click();

  const sheet = page.getByRole('dialog', { name: APP_NAME });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('list', { name: 'Requested access' })).toContainText('See your basic profile');
  await expect(sheet).toContainText('Nickname');
  await sheet.getByRole('button', { name: 'Allow' }).click();

  await expect(miniProgram.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
  await expect(sheet).toBeHidden();

  const [issued] = await control.events('auth_code.issued');
  const [exchanged] = await control.events('token.issued');
  const [read] = await control.events('user_info.read');
  expect(issued?.correlationId).toBeTruthy();
  expect(exchanged?.correlationId).toBe(issued?.correlationId);
  expect(read?.correlationId).toBe(issued?.correlationId);
  expect(issued?.data['scopes']).toEqual(['auth_user']);
});

test('a user who denies sees the failure in the mini program, and the platform issues no code', async ({ page }) => {
  const miniProgram = await openMiniProgram(page);
  await miniProgram.getByRole('button', { name: 'Log in with wallet' }).click();
  await page.getByRole('dialog', { name: APP_NAME }).getByRole('button', { name: 'Deny' }).click();

  await expect(miniProgram.getByRole('status')).toContainText('Authorization failed (11)');
  await expect(miniProgram.getByRole('status')).toContainText('refused: auth_user');
  expect(await control.events('auth_code.issued')).toHaveLength(0);
  expect(await control.events('consent.denied')).toHaveLength(1);
});

test('a user who denied is asked again the next time', async ({ page }) => {
  const miniProgram = await openMiniProgram(page);
  const login = miniProgram.getByRole('button', { name: 'Log in with wallet' });
  await login.click();
  await page.getByRole('dialog', { name: APP_NAME }).getByRole('button', { name: 'Deny' }).click();
  await expect(login).toBeEnabled();
  await login.click();
  await page.getByRole('dialog', { name: APP_NAME }).getByRole('button', { name: 'Allow' }).click();
  await expect(miniProgram.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
});

test('the silent auth_base scope gives a code without any consent sheet', async ({ page }) => {
  const miniProgram = await openMiniProgram(page);
  await miniProgram.getByRole('button', { name: 'Check in at the counter' }).click();
  await expect(miniProgram.getByRole('status')).toHaveText(/^Checked in: stamp added for customer \d{20}$/);
  expect(await control.events('consent.allowed')).toHaveLength(0);
  expect(await page.getByRole('dialog').count()).toBe(0);
});

test('an authCode replayed to the merchant server is rejected with USED_AUTHCODE', async ({ page }) => {
  const miniProgram = await openMiniProgram(page);
  const loginRequest = page.waitForRequest(`${stack.urls.merchant}/api/login`);
  await miniProgram.getByRole('button', { name: 'Log in with wallet' }).click();
  await page.getByRole('dialog', { name: APP_NAME }).getByRole('button', { name: 'Allow' }).click();
  const { authCode } = (await loginRequest).postDataJSON() as { authCode: string };
  await expect(miniProgram.getByRole('status')).toContainText('Signed in as');

  const replay = await fetch(`${stack.urls.merchant}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ authCode }),
  });
  expect(replay.status).toBe(401);
  expect(await replay.json()).toMatchObject({ error: 'USED_AUTHCODE' });
  const [failure] = await control.events('openapi.failed');
  expect(failure?.data['resultCode']).toBe('USED_AUTHCODE');
});

test('a request signed with a key the platform does not know is rejected with INVALID_SIGNATURE', async () => {
  const impostor = createOpenApiClient({
    gatewayUrl: stack.urls.platform,
    clientId: '2024SANDBOXMERCHANT01',
    privateKey: generateRsaKeyPair().privateKey,
    platformPublicKey: await control.platformPublicKey(),
  });
  const error = await impostor
    .applyToken({ appId: '3333010071465913', authClientId: '2024SANDBOXMERCHANT01', grantType: 'AUTHORIZATION_CODE', authCode: '2810ABCDEF' })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformApiError);
  expect((error as PlatformApiError).resultCode).toBe('INVALID_SIGNATURE');
  expect((error as PlatformApiError).resultStatus).toBe('F');
});
