import { expect, test, type Page } from '@playwright/test';
import { BRIDGE_TAG } from '@mp-sandbox/protocol';
import { control } from '../support/control';
import { stack } from '../support/stack';

const HARBOR = { appId: '3333010071465913', name: 'Harbor Coffee' };
const TESTER = { appId: '3333010071465914', name: 'Scope Tester' };

test.beforeEach(async () => {
  await control.reset();
});

async function open(page: Page, name: string, query = '') {
  await page.goto(`/${query}`);
  await page.getByRole('button', { name }).click();
  return page.frameLocator('iframe[name="mini-program"]');
}

/** Opens the Scope Tester and asks for `scopes`; returns the frame to read the answer from. */
async function ask(page: Page, scopes: string, query = '') {
  const tester = await open(page, TESTER.name, query);
  await tester.getByLabel(/Scopes/).fill(scopes);
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  return tester;
}

async function patchApp(appId: string, body: object) {
  const response = await fetch(`${stack.urls.platform}/sandbox/v1/apps/${appId}`, {
    method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

test.describe('consent', () => {
  test('a mixed request shows only the consent part of it', async ({ page }) => {
    const tester = await ask(page, 'auth_base, USER_NICKNAME, USER_AVATAR');
    const sheet = page.getByRole('dialog', { name: TESTER.name });
    const list = sheet.getByRole('list', { name: 'Requested access' });
    await expect(list.getByRole('listitem')).toHaveText([/See your nickname/, /See your avatar/]);
    await expect(list).not.toContainText('user ID');
    await sheet.getByRole('button', { name: 'Allow' }).click();
    await expect(tester.getByRole('status')).toContainText('"authSuccessScopes": [\n    "auth_base",\n    "USER_NICKNAME",\n    "USER_AVATAR"\n  ]');
  });

  test('scopes already granted are not asked again, and the default scope is silent', async ({ page }) => {
    const tester = await ask(page, 'USER_NICKNAME');
    await page.getByRole('dialog', { name: TESTER.name }).getByRole('button', { name: 'Allow' }).click();
    await expect(tester.getByRole('status')).toContainText('success');
    await tester.getByLabel(/Scopes/).fill('');
    await tester.getByRole('button', { name: 'Get auth code' }).click();
    await expect(tester.getByRole('status')).toContainText('"auth_base"');
    await tester.getByLabel(/Scopes/).fill('USER_NICKNAME');
    await tester.getByRole('button', { name: 'Get auth code' }).click();
    await expect(tester.getByRole('status')).toContainText('"USER_NICKNAME"');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('basic info and the phone number in one request are refused, and the wallet says why', async ({ page }) => {
    const tester = await ask(page, 'auth_user, PLAINTEXT_MOBILE_PHONE');
    await expect(tester.getByRole('status')).toContainText('"error": 2');
    await expect(tester.getByRole('status')).toContainText('cannot be asked for in one consent sheet');
    await expect(page.getByRole('alert')).toContainText('call my.getAuthCode twice');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect(await control.events('auth_code.issued')).toHaveLength(0);
  });

  test('an app the administrator approved gets User_Customer_KYC_Info without a sheet', async ({ page }) => {
    let tester = await ask(page, 'User_Base_Info, User_Customer_KYC_Info');
    await expect(page.getByRole('dialog', { name: TESTER.name })).toContainText('Document number');
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect(tester.getByRole('status')).toContainText('"User_Customer_KYC_Info": "10001"');

    await patchApp(TESTER.appId, { silentKyc: true });
    tester = await ask(page, 'User_Base_Info, User_Customer_KYC_Info');
    await expect(tester.getByRole('status')).toContainText('"User_Customer_KYC_Info"');
    await expect(tester.getByRole('status')).toContainText('success');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });
});

test.describe('personas', () => {
  test('?persona= opens the wallet as that user, who then signs in to the mini program', async ({ page }) => {
    const harbor = await open(page, HARBOR.name, '?persona=chen');
    await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
    await page.getByRole('dialog', { name: HARBOR.name }).getByRole('button', { name: 'Allow' }).click();
    await expect(harbor.getByRole('status')).toHaveText('Signed in as Mei Ling Chen');
  });

  test('switching user changes who is signed in, and the URL says so', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('Ana Lucía García Torres')).toBeVisible();
    await page.getByRole('button', { name: 'Switch user' }).click();
    await page.getByRole('dialog', { name: 'Switch user' }).getByRole('button', { name: /Dara Okafor/ }).click();
    await expect(page.getByText('Dara Okafor')).toBeVisible();
    await expect(page.getByText('FROZEN')).toBeVisible();
    expect(new URL(page.url()).searchParams.get('persona')).toBe('dara');
  });

  test('an unknown persona in the URL is said, not silently replaced', async ({ page }) => {
    await page.goto('/?persona=nobody');
    await expect(page.getByRole('alert')).toContainText('No persona "nobody"');
  });
});

test('revoking in the wallet makes the merchant\'s tokens stop working, and the app must ask again', async ({ page }) => {
  const harbor = await open(page, HARBOR.name);
  const login = page.waitForResponse(`${stack.urls.merchant}/api/login`);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await page.getByRole('dialog', { name: HARBOR.name }).getByRole('button', { name: 'Allow' }).click();
  const { sessionId } = (await (await login).json()) as { sessionId: string };
  const me = () => fetch(`${stack.urls.merchant}/api/me`, { headers: { Authorization: `Bearer ${sessionId}` } });
  expect((await me()).status).toBe(200);

  await page.getByRole('button', { name: 'Close mini program' }).click();
  await page.getByRole('button', { name: 'Authorized mini programs' }).click();
  const grant = page.getByRole('listitem', { name: HARBOR.name });
  await expect(grant).toContainText('See your basic profile');
  await grant.getByRole('button', { name: `Revoke ${HARBOR.name}` }).click();
  await expect(page.getByText('No mini program holds an authorization.')).toBeVisible();

  const after = await me();
  expect(after.status).toBe(401);
  expect(await after.json()).toMatchObject({ error: 'INVALID_ACCESS_TOKEN' });
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: HARBOR.name }).click();
  await page.frameLocator('iframe[name="mini-program"]').getByRole('button', { name: 'Log in with wallet' }).click();
  await expect(page.getByRole('dialog', { name: HARBOR.name })).toBeVisible();
});

test('a mini program whose server does not answer gets a page that says what to check', async ({ page }) => {
  await patchApp(TESTER.appId, { url: 'http://127.0.0.1:9/' });
  await page.goto('/');
  await page.getByRole('button', { name: TESTER.name }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Scope Tester is not answering');
  await expect(alert).toContainText('http://127.0.0.1:9/');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('a bridge call from any window but the mini program\'s own frame is ignored', async ({ page }) => {
  const harbor = await open(page, HARBOR.name);
  await expect(harbor.getByRole('button', { name: 'Log in with wallet' })).toBeVisible();
  const call = { tag: BRIDGE_TAG, kind: 'call', id: 'spoof-1', method: 'getAuthCode', params: { scopes: ['auth_user'] } };
  // The shell page itself, then a second frame on the registered origin: neither is the mini program.
  await page.evaluate((message) => window.postMessage(message, '*'), call);
  await page.evaluate(
    (src) =>
      new Promise<void>((resolve) => {
        const spy = Object.assign(document.createElement('iframe'), { name: 'spy', src });
        spy.onload = () => resolve();
        document.body.append(spy);
      }),
    `${stack.urls.miniProgram}/scopes.html`,
  );
  await page.frame({ name: 'spy' })!.evaluate((message) => parent.postMessage(message, '*'), call);
  await page.waitForTimeout(500);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await control.events('consent.allowed')).toHaveLength(0);

  // The real frame is still heard.
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await expect(page.getByRole('dialog', { name: HARBOR.name })).toBeVisible();
});
