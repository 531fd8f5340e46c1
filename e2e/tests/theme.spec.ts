import { expect, test } from '@mp-sandbox/playwright';
import type { Page } from '@playwright/test';
import { stack } from '../support/stack';

// Dark mode (issue 13): system, light or dark for the wallet and the console, kept in the URL, and
// reflected to mini programs as real containers do, in my.getSystemInfo().theme.

const background = (page: Page) =>
  page.locator('main.phone').evaluate((el) => getComputedStyle(el).backgroundColor);
const consoleBackground = (page: Page) =>
  page
    .getByRole('complementary', { name: 'Sandbox console' })
    .evaluate((el) => getComputedStyle(el).backgroundColor);

test.describe('with the system in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('System follows it; Light and Dark override it and stay in the URL', async ({
    page,
    wallet,
  }) => {
    await wallet.goto();
    const dark = await background(page);
    expect(await consoleBackground(page)).not.toBe('rgb(255, 255, 255)');
    const theme = page.getByRole('region', { name: 'Display' }).getByLabel('Theme');
    await expect(theme).toHaveValue('system');

    await theme.selectOption('light');
    expect(new URL(page.url()).searchParams.get('theme')).toBe('light');
    await expect.poll(() => background(page)).not.toBe(dark);
    expect(await consoleBackground(page)).toBe('rgb(255, 255, 255)');

    await page.reload();
    await expect(page.getByRole('region', { name: 'Display' }).getByLabel('Theme')).toHaveValue(
      'light',
    );
    await expect.poll(() => background(page)).not.toBe(dark);
  });
});

test("a mini program gets the wallet's theme in my.getSystemInfo", async ({
  page,
  wallet,
  sandbox,
}) => {
  // The lab loaded by <script src="my.js">: `my` is a global the test can call in the frame.
  const lab = await sandbox.registerApp({
    name: `Lab ${sandbox.namespace} ${test.info().testId.slice(-8)}`,
    url: `${stack.urls.miniProgram}/lab.html?form=script`,
    authClientId: '2024SANDBOXMERCHANT01',
  });
  await page.goto(`${stack.urls.shell}/?persona=${sandbox.personaId('ana')}&theme=dark`);
  await page.getByRole('button', { name: lab.name, exact: true }).click();
  await expect
    .poll(() =>
      page
        .frame({ name: 'mini-program' })
        ?.evaluate(() => typeof (window as unknown as { my?: unknown }).my),
    )
    .toBe('object');
  const info = await page
    .frame({ name: 'mini-program' })!
    .evaluate(() =>
      (
        window as unknown as { my: { getSystemInfoSync(): { theme?: string } } }
      ).my.getSystemInfoSync(),
    );
  expect(info.theme).toBe('dark');

  await wallet.close();
  await page.getByRole('region', { name: 'Display' }).getByLabel('Theme').selectOption('light');
  await page.getByRole('button', { name: lab.name, exact: true }).click();
  await expect
    .poll(() =>
      page
        .frame({ name: 'mini-program' })
        ?.evaluate(
          () =>
            (
              window as unknown as { my?: { getSystemInfoSync(): { theme?: string } } }
            ).my?.getSystemInfoSync().theme,
        ),
    )
    .toBe('light');
});
