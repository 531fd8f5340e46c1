import { expect, test, type WalletPage } from '@mp-sandbox/playwright';
import type { Locator, Page } from '@playwright/test';

// Sheets as a keyboard and small-screen user meets them (issue 13): a long sheet stays inside the
// phone and scrolls; focus stays in the sheet, starts on the safe answer, and comes back after.

const TESTER = 'Scope Tester';
const TWELVE = [
  'USER_NICKNAME',
  'USER_NAME',
  'USER_LOGIN_ID',
  'HASH_LOGIN_ID',
  'USER_AVATAR',
  'USER_GENDER',
  'USER_BIRTHDAY',
  'USER_NATIONALITY',
  'USER_ADDRESS',
  'SEND_MESSAGE',
  'NOTIFICATION_INBOX',
  'PLAINTEXT_USER_LOGIN_ID',
] as const;

async function ask(wallet: WalletPage, scopes: string) {
  const tester = await wallet.open(TESTER);
  await tester.getByLabel(/Scopes/).fill(scopes);
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  return tester;
}

/** The box of `inner` lies within the box of `outer` (both on screen now). */
async function expectInside(inner: Locator, outer: Locator) {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  expect(a, 'inner box').not.toBeNull();
  expect(b, 'outer box').not.toBeNull();
  expect(a!.y).toBeGreaterThanOrEqual(b!.y - 0.5);
  expect(a!.x).toBeGreaterThanOrEqual(b!.x - 0.5);
  expect(a!.y + a!.height).toBeLessThanOrEqual(b!.y + b!.height + 0.5);
}

/** The element that has focus, named for a readable failure (`BUTTON Deny`, `BODY`, `IFRAME`). */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el
      ? `${el.tagName} ${el.getAttribute('aria-label') ?? (el.textContent ?? '').trim()}`.trim()
      : 'none';
  });
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
]) {
  test(`a consent sheet with 12 scopes stays inside the phone and scrolls, at ${size.width}x${size.height}`, async ({
    page,
    wallet,
    consent,
  }) => {
    await page.setViewportSize(size);
    await ask(wallet, TWELVE.join(', '));
    const sheet = await consent.waitFor(TESTER);
    await consent.expectScopes([...TWELVE]);
    const phone = page.getByLabel('Wallet', { exact: true });
    // The top of the sheet (app name, close, "would like to:") is on screen and inside the phone.
    await expectInside(sheet.getByRole('heading', { name: TESTER }), phone);
    await expectInside(sheet.getByRole('button', { name: 'Close' }), phone);
    await expectInside(sheet.getByText(`${TESTER} would like to:`), phone);
    await expectInside(consent.scopes.first(), phone);
    // The answers stay in view; the list scrolls between them to its last scope.
    await expectInside(sheet.getByRole('button', { name: 'Allow' }), phone);
    await consent.scopes.last().scrollIntoViewIfNeeded();
    await expectInside(consent.scopes.last(), phone);
    await expectInside(sheet.getByRole('button', { name: 'Deny' }), phone);
    await expectInside(sheet.getByRole('heading', { name: TESTER }), phone);
  });
}

test('the consent sheet keeps focus: Deny first, Tab and Shift+Tab stay in it, Escape cancels, focus goes back to the mini program', async ({
  page,
  wallet,
  consent,
}) => {
  const tester = await ask(wallet, 'USER_NICKNAME');
  const sheet = await consent.waitFor(TESTER);
  // A stray Enter must not share the user's data: the safe answer has focus.
  await expect(sheet.getByRole('button', { name: 'Deny' })).toBeFocused();
  const inSheet = () => sheet.evaluate((el) => el.contains(document.activeElement));
  for (let i = 0; i < 6; i += 1) {
    await page.keyboard.press('Tab');
    expect(await inSheet(), `Tab ${i + 1} left the sheet for ${await focused(page)}`).toBe(true);
  }
  for (let i = 0; i < 6; i += 1) {
    await page.keyboard.press('Shift+Tab');
    expect(await inSheet(), `Shift+Tab ${i + 1} left the sheet for ${await focused(page)}`).toBe(
      true,
    );
  }
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(tester.getByRole('status')).toContainText('"error": 11');
  await expect(page.locator('iframe[name="mini-program"]')).toBeFocused();
});

test('after Allow, focus goes back to the mini program, not to the page body', async ({
  page,
  wallet,
  consent,
}) => {
  const tester = await ask(wallet, 'USER_NICKNAME');
  await consent.allow();
  await expect(tester.getByRole('status')).toContainText('success');
  await expect(page.locator('iframe[name="mini-program"]')).toBeFocused();
});

test('Escape closes the consent sheet even after a click on its text moved focus off its buttons', async ({
  page,
  wallet,
  consent,
}) => {
  const tester = await ask(wallet, 'USER_NICKNAME');
  const sheet = await consent.waitFor(TESTER);
  await sheet.getByText(`${TESTER} would like to:`).click();
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(tester.getByRole('status')).toContainText('"error": 11');
});

test('the Switch user sheet keeps focus too, and gives it back to the button that opened it', async ({
  page,
  wallet,
}) => {
  await wallet.goto();
  await wallet.switchUserButton.click();
  const sheet = page.getByRole('dialog', { name: 'Switch user' });
  await expect(sheet).toBeVisible();
  const inSheet = () => sheet.evaluate((el) => el.contains(document.activeElement));
  expect(await inSheet()).toBe(true);
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Shift+Tab');
    expect(await inSheet(), `Shift+Tab ${i + 1} left the sheet for ${await focused(page)}`).toBe(
      true,
    );
  }
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Tab');
    expect(await inSheet(), `Tab ${i + 1} left the sheet for ${await focused(page)}`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(wallet.switchUserButton).toBeFocused();
});
