import { BRIDGE_TAG } from '@mp-sandbox/protocol';
import { expect, test, type WalletPage } from '@mp-sandbox/playwright';
import { stack } from '../support/stack';

const HARBOR = 'Harbor Coffee';
const TESTER = 'Scope Tester';

/** Opens a Scope Tester and asks for `scopes`; returns the frame to read the answer from. */
async function ask(wallet: WalletPage, scopes: string, app = TESTER) {
  const tester = await wallet.open(app);
  await tester.getByLabel(/Scopes/).fill(scopes);
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  return tester;
}

test.describe('consent', () => {
  test('a mixed request shows only the consent part of it', async ({ wallet, consent }) => {
    const tester = await ask(wallet, 'auth_base, USER_NICKNAME, USER_AVATAR');
    await consent.waitFor(TESTER);
    await consent.expectScopes(['USER_NICKNAME', 'USER_AVATAR']);
    await consent.allow();
    await expect(tester.getByRole('status')).toContainText(
      '"authSuccessScopes": [\n    "auth_base",\n    "USER_NICKNAME",\n    "USER_AVATAR"\n  ]',
    );
  });

  test('scopes already granted are not asked again, and the default scope is silent', async ({
    wallet,
    consent,
  }) => {
    const tester = await ask(wallet, 'USER_NICKNAME');
    await consent.allow();
    await expect(tester.getByRole('status')).toContainText('success');
    await tester.getByLabel(/Scopes/).fill('');
    await tester.getByRole('button', { name: 'Get auth code' }).click();
    await expect(tester.getByRole('status')).toContainText('"auth_base"');
    await tester.getByLabel(/Scopes/).fill('USER_NICKNAME');
    await tester.getByRole('button', { name: 'Get auth code' }).click();
    await expect(tester.getByRole('status')).toContainText('"USER_NICKNAME"');
    await expect(consent.dialog).toHaveCount(0);
  });

  test('closing the sheet without choosing is a user cancel, with no refused scopes', async ({
    wallet,
    consent,
  }) => {
    const tester = await ask(wallet, 'USER_NICKNAME');
    await consent.cancel();
    await expect(tester.getByRole('status')).toContainText('"error": 11');
    await expect(tester.getByRole('status')).not.toContainText('authErrorScopes');
  });

  test('basic info and the phone number in one request are refused, and the wallet says why', async ({
    page,
    wallet,
    consent,
    events,
  }) => {
    const tester = await ask(wallet, 'auth_user, PLAINTEXT_MOBILE_PHONE');
    await expect(tester.getByRole('status')).toContainText('"error": 2');
    await expect(tester.getByRole('status')).toContainText(
      'cannot be asked for in one consent sheet',
    );
    await expect(page.getByRole('alert')).toContainText('call my.getAuthCode twice');
    await expect(consent.dialog).toHaveCount(0);
    expect(await events.list('auth_code.issued')).toHaveLength(0);
  });

  test('an app the administrator approved gets User_Customer_KYC_Info without a sheet', async ({
    wallet,
    consent,
    sandbox,
  }) => {
    let tester = await ask(wallet, 'User_Base_Info, User_Customer_KYC_Info');
    await consent.waitFor(TESTER);
    await consent.expectFields(['documentNo']);
    await consent.deny();
    await expect(tester.getByRole('status')).toContainText('"User_Customer_KYC_Info": "10001"');

    const approved = await sandbox.registerApp({
      name: `KYC Partner ${sandbox.namespace}`,
      url: `${stack.urls.miniProgram}/scopes.html`,
      authClientId: '2024SANDBOXMERCHANT01',
      scopes: ['User_Base_Info', 'User_Customer_KYC_Info'],
      silentKyc: true,
    });
    await wallet.goto();
    tester = await ask(wallet, 'User_Base_Info, User_Customer_KYC_Info', approved.name);
    await expect(tester.getByRole('status')).toContainText('success');
    await expect(tester.getByRole('status')).toContainText('"User_Customer_KYC_Info"');
    await expect(consent.dialog).toHaveCount(0);
  });

  test('a consent policy answers for the user, so no sheet is shown', async ({
    wallet,
    consent,
  }) => {
    await consent.policy({ decision: 'approve', appId: TESTER });
    await consent.policy({ decision: 'deny', appId: TESTER, scope: 'USER_AVATAR' });
    const tester = await ask(wallet, 'USER_NICKNAME');
    await expect(tester.getByRole('status')).toContainText('success');
    await tester.getByLabel(/Scopes/).fill('USER_AVATAR');
    await tester.getByRole('button', { name: 'Get auth code' }).click();
    await expect(tester.getByRole('status')).toContainText('"USER_AVATAR": "10001"');
    await expect(consent.dialog).toHaveCount(0);
  });
});

test.describe('personas', () => {
  test('?persona= opens the wallet as that user, who then signs in to the mini program', async ({
    wallet,
    consent,
  }) => {
    const harbor = await wallet.open(HARBOR, { persona: 'chen' });
    await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
    await consent.allow();
    await expect(harbor.getByRole('status')).toHaveText('Signed in as Mei Ling Chen');
  });

  test('switching user changes who is signed in, and the URL says so', async ({
    page,
    wallet,
    sandbox,
  }) => {
    await wallet.goto();
    await expect(page.getByText('Ana Lucía García Torres')).toBeVisible();
    await wallet.switchPersona('dara');
    await expect(page.getByText('Dara Okafor')).toBeVisible();
    await expect(page.getByText('FROZEN')).toBeVisible();
    expect(new URL(page.url()).searchParams.get('persona')).toBe(sandbox.personaId('dara'));
  });

  test('an unknown persona in the URL is said, not silently replaced', async ({ page }) => {
    await page.goto(`${stack.urls.shell}/?persona=nobody`);
    await expect(page.getByRole('alert')).toContainText('No persona "nobody"');
  });
});

test("revoking in the wallet makes the merchant's tokens stop working, and the app must ask again", async ({
  page,
  wallet,
  consent,
}) => {
  const harbor = await wallet.open(HARBOR);
  const login = page.waitForResponse(`${stack.urls.merchant}/api/login`);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  const { sessionId } = (await (await login).json()) as { sessionId: string };
  const me = () =>
    fetch(`${stack.urls.merchant}/api/me`, { headers: { Authorization: `Bearer ${sessionId}` } });
  expect((await me()).status).toBe(200);

  await wallet.close();
  const authorizations = await wallet.authorizations();
  await expect(authorizations.entry(HARBOR)).toContainText('See your basic profile');
  await authorizations.revoke(HARBOR);
  await expect(page.getByText('No mini program holds an authorization.')).toBeVisible();

  const after = await me();
  expect(after.status).toBe(401);
  expect(await after.json()).toMatchObject({ error: 'LOGIN_REQUIRED' });
  await authorizations.back();
  const again = await wallet.open(HARBOR);
  await again.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.waitFor(HARBOR);
});

test('a mini program whose server does not answer gets a page that says what to check', async ({
  page,
  wallet,
  sandbox,
}) => {
  const dead = await sandbox.registerApp({
    name: `Parking Pal ${sandbox.namespace}`,
    url: 'http://127.0.0.1:9/',
    authClientId: '2024SANDBOXMERCHANT01',
  });
  await wallet.goto();
  await page.getByRole('button', { name: dead.name, exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`${dead.name} is not answering`);
  await expect(alert).toContainText('http://127.0.0.1:9/');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test("a bridge call from any window but the mini program's own frame is ignored", async ({
  page,
  wallet,
  consent,
  events,
}) => {
  const harbor = await wallet.open(HARBOR);
  await expect(harbor.getByRole('button', { name: 'Log in with wallet' })).toBeVisible();
  const call = {
    tag: BRIDGE_TAG,
    kind: 'call',
    id: 'spoof-1',
    method: 'getAuthCode',
    params: { scopes: ['auth_user'] },
  };
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
  await expect(consent.dialog).toHaveCount(0);
  expect(await events.list('consent.allowed')).toHaveLength(0);

  // The real frame is still heard.
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.waitFor(HARBOR);
});
