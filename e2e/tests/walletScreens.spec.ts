import { expect, test, type WalletPage } from '@mp-sandbox/playwright';
import { stack } from '../support/stack';

// The wallet's screens as QA meets them (issue 13): notices that clear, a console that never
// covers the phone, links that reproduce a screen, Back and Forward, confirmations and feedback.

const HARBOR = 'Harbor Coffee';
const TESTER = 'Scope Tester';

async function ask(wallet: WalletPage, scopes: string) {
  const tester = await wallet.open(TESTER);
  await tester.getByLabel(/Scopes/).fill(scopes);
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  return tester;
}

test('the Refused notice clears when the mini program asks again', async ({
  page,
  wallet,
  consent,
}) => {
  const tester = await ask(wallet, 'auth_user, PLAINTEXT_MOBILE_PHONE');
  const notice = page.getByRole('alert').filter({ hasText: 'Refused' });
  await expect(notice).toContainText('call my.getAuthCode twice');
  await tester.getByLabel(/Scopes/).fill('PLAINTEXT_MOBILE_PHONE');
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  await consent.waitFor(TESTER);
  await expect(notice).toHaveCount(0);
  await consent.allow();
  await expect(tester.getByRole('status')).toContainText('success');
  await expect(notice).toHaveCount(0);
});

test('at 390x844 the console\'s bar covers neither Allow nor "Signed in", and opened it scrolls in view, its actions whole', async ({
  page,
  wallet,
  consent,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const show = page.getByRole('button', { name: 'Show console' });
  const overlaps = async (other: import('@playwright/test').Locator) => {
    const [a, b] = [await show.boundingBox(), await other.boundingBox()];
    expect(a && b, 'both on screen').toBeTruthy();
    return (
      a!.x < b!.x + b!.width &&
      b!.x < a!.x + a!.width &&
      a!.y < b!.y + b!.height &&
      b!.y < a!.y + a!.height
    );
  };
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  const sheet = await consent.waitFor(HARBOR);
  expect(await overlaps(sheet.getByRole('button', { name: 'Allow' })), 'the bar covers Allow').toBe(
    false,
  );
  await consent.allow();
  const status = harbor.getByRole('status');
  await expect(status).toHaveText('Signed in as Ana Lucía García Torres');
  expect(
    await overlaps(page.locator('iframe[name="mini-program"]')),
    'the bar covers the mini program',
  ).toBe(false);

  await show.click();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('heading', { name: 'Timeline' })).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Hide console' })).toBeInViewport();
  // The timeline's actions wrap rather than run off the screen's edge.
  for (const name of ['Export JSON', 'Export HAR', 'Clear view'])
    await expect(timeline.getByRole('button', { name }), name).toBeInViewport({ ratio: 1 });
  const controls = page
    .getByRole('region', { name: 'Reset' })
    .or(page.getByRole('button', { name: 'Reset sandbox' }));
  await controls.first().scrollIntoViewIfNeeded();
  await expect(controls.first()).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Hide console' })).toBeInViewport();
});

const HARBOR_ID = '3333010071465913';
const home = (page: import('@playwright/test').Page) =>
  page.getByRole('heading', { name: 'Mini programs' });
const titleOf = (page: import('@playwright/test').Page, name: string) =>
  page.getByRole('heading', { name, level: 1, exact: true });

test('the URL names the open mini program, and Back and Forward move between wallet screens', async ({
  page,
  wallet,
  sandbox,
}) => {
  await wallet.open(HARBOR);
  expect(new URL(page.url()).searchParams.get('app')).toBe(HARBOR_ID);
  expect(new URL(page.url()).searchParams.get('persona')).toBe(sandbox.personaId('ana'));

  await page.goBack();
  await expect(home(page)).toBeVisible();
  expect(page.url()).toContain(stack.urls.shell);
  expect(new URL(page.url()).searchParams.get('app')).toBeNull();

  await page.goForward();
  await expect(titleOf(page, HARBOR)).toBeVisible();
  await expect(
    wallet.miniProgram.getByRole('button', { name: 'Log in with wallet' }),
  ).toBeVisible();

  // ✕ closes to the home screen; Back then opens the app again, as a screen of the wallet.
  await wallet.close();
  await expect(home(page)).toBeVisible();
  await page.goBack();
  await expect(titleOf(page, HARBOR)).toBeVisible();

  // ‹ goes back a screen: here, to the home screen the app was opened from.
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(home(page)).toBeVisible();

  await page.getByRole('button', { name: 'Authorized mini programs' }).click();
  expect(new URL(page.url()).searchParams.get('screen')).toBe('authorizations');
  await page.goBack();
  await expect(home(page)).toBeVisible();
});

test('a deep link opens a mini program at a page, as the persona it names', async ({
  page,
  sandbox,
}) => {
  await page.goto(
    `${stack.urls.shell}/?persona=${sandbox.personaId('chen')}&app=${HARBOR_ID}&page=${encodeURIComponent('/scopes.html')}`,
  );
  await expect(titleOf(page, HARBOR)).toBeVisible();
  const frame = page.frameLocator('iframe[name="mini-program"]');
  await expect(frame.getByRole('heading', { name: TESTER, level: 1 })).toBeVisible();
  // ‹ on a deep-linked app, with nothing before it: the wallet's home, still in the sandbox.
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(home(page)).toBeVisible();
  await expect(page.getByText('Mei Ling Chen')).toBeVisible();
});

test("a deep link to a page on another origin opens the app's start page and says so", async ({
  page,
  sandbox,
}) => {
  await page.goto(
    `${stack.urls.shell}/?persona=${sandbox.personaId('ana')}&app=${HARBOR_ID}&page=${encodeURIComponent('https://evil.example/')}`,
  );
  await expect(page.getByRole('alert')).toContainText("is not on Harbor Coffee's origin");
  await expect(
    page
      .frameLocator('iframe[name="mini-program"]')
      .getByRole('button', { name: 'Log in with wallet' }),
  ).toBeVisible();
});

test('Revoke asks first, Keep keeps the authorization, and Revoke now says it was done', async ({
  page,
  wallet,
  sandbox,
}) => {
  await sandbox.issueAuthCode({ app: HARBOR, scopes: ['auth_user'] });
  await wallet.goto();
  await page.getByRole('button', { name: 'Authorized mini programs' }).click();
  const entry = page.getByRole('listitem', { name: HARBOR });
  await entry.getByRole('button', { name: `Revoke ${HARBOR}` }).click();
  const confirm = page.getByRole('group', { name: `Confirm revoking ${HARBOR}` });
  await expect(confirm).toContainText('its tokens stop working');
  await confirm.getByRole('button', { name: 'Keep' }).click();
  await expect(entry).toBeVisible();
  await expect(entry.getByRole('button', { name: `Revoke ${HARBOR}` })).toBeVisible();

  await entry.getByRole('button', { name: `Revoke ${HARBOR}` }).click();
  await confirm.getByRole('button', { name: 'Revoke now' }).click();
  await expect(entry).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: 'no longer has your authorization' }),
  ).toContainText(HARBOR);
});

test("a FROZEN persona's account state shows while a mini program is open", async ({
  page,
  wallet,
}) => {
  await wallet.open(HARBOR, { persona: 'dara' });
  await expect(page.getByRole('note').filter({ hasText: 'account is FROZEN' })).toContainText(
    'Dara Okafor',
  );
  await wallet.close();
  await wallet.switchPersona('ana');
  await wallet.open(HARBOR);
  await expect(page.getByRole('note').filter({ hasText: 'account is' })).toHaveCount(0);
});

test("the wallet takes its name from the wallet profile: the sandbox's on the home screen, an app's own while it is open", async ({
  page,
  wallet,
  sandbox,
}) => {
  const claroApp = await sandbox.registerApp({
    name: `Claro Shop ${sandbox.namespace} ${test.info().testId.slice(-8)}`,
    url: `${stack.urls.miniProgram}/scopes.html`,
    authClientId: '2024SANDBOXMERCHANT01',
    wallet: 'claro',
  });
  const phone = page.getByRole('main', { name: 'Wallet' });
  await wallet.open(HARBOR);
  await expect(phone).toHaveAttribute('data-wallet', 'alipayplus');
  await expect(phone.locator('.status-bar')).toContainText('Alipay+ Wallet');
  await page.getByRole('button', { name: 'Close mini program' }).click();
  await wallet.open(claroApp.name);
  await expect(phone).toHaveAttribute('data-wallet', 'claro');
  await expect(phone.locator('.status-bar')).toContainText('Claro');
  await expect(page).toHaveTitle('Claro · sandbox');
});
