import AxeBuilder from '@axe-core/playwright';
import { expect, test, type WalletPage } from '@mp-sandbox/playwright';
import type { Page } from '@playwright/test';
import { stack } from '../support/stack';

// Every screen a QA lands on, scanned by axe: no serious or critical violation, in light and dark.

const TESTER = 'Scope Tester';

async function expectNoSeriousViolations(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`,
  );
  expect(report, `${screen}: serious or critical axe violations`).toEqual([]);
}

async function ask(wallet: WalletPage, scopes: string) {
  const tester = await wallet.open(TESTER);
  await tester.getByLabel(/Scopes/).fill(scopes);
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  return tester;
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    // Sheets rise in an animation; axe measures contrast on what is drawn, so motion is off.
    test.use({ colorScheme: theme, reducedMotion: 'reduce' });

    test('home screen and console', async ({ page, wallet }) => {
      await wallet.goto();
      await expectNoSeriousViolations(page, 'home');
    });

    test('consent sheet', async ({ page, wallet, consent }) => {
      await ask(wallet, 'USER_NICKNAME, USER_AVATAR');
      await consent.waitFor(TESTER);
      await expectNoSeriousViolations(page, 'consent sheet');
    });

    test('Switch user sheet', async ({ page, wallet }) => {
      await wallet.goto();
      await wallet.switchUserButton.click();
      await expect(page.getByRole('dialog', { name: 'Switch user' })).toBeVisible();
      await expectNoSeriousViolations(page, 'switch user');
    });

    test('JSAPI dialog', async ({ page, wallet, sandbox }) => {
      const lab = await sandbox.registerApp({
        name: `Lab ${sandbox.namespace} ${test.info().testId.slice(-8)}`,
        url: `${stack.urls.miniProgram}/lab.html`,
        authClientId: '2024SANDBOXMERCHANT01',
      });
      const frame = await wallet.open(lab.name);
      await frame.getByRole('button', { name: 'confirm', exact: true }).click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      await expectNoSeriousViolations(page, 'JSAPI confirm');
    });

    test('authorizations page, with a grant and the timeline holding a login', async ({
      page,
      wallet,
      sandbox,
    }) => {
      await sandbox.issueAuthCode({ app: 'Harbor Coffee', scopes: ['auth_user'] });
      await wallet.goto();
      await page.getByRole('button', { name: 'Authorized mini programs' }).click();
      await expect(page.getByRole('listitem', { name: 'Harbor Coffee' })).toBeVisible();
      await expect(
        page.getByRole('complementary', { name: 'Sandbox console' }).getByRole('article'),
      ).toHaveCount(1);
      await expectNoSeriousViolations(page, 'authorizations');
    });
  });
}
