import { BRIDGE_TAG, type RuleMode } from '@mp-sandbox/protocol';
import { expect as baseExpect, test, type SandboxClient } from '@mp-sandbox/playwright';
import type { Page } from '@playwright/test';

// The firstScreen rule (packages/protocol/src/rules.ts), as the wallet applies it to a mini program
// that calls my.getAuthCode as soon as it runs, before the user did anything: `refuse` fails the
// call with error 4 and shows no sheet, `warn` lets it through and says so on the timeline, `off`
// lets it through silently. Each test's app carries its own mode, so the tests run side by side.

// Waits as long as the kit's (15 s): the suite shares a busy 2-core machine. Each wait ends on an
// event (an answer in the frame, a card on the timeline), never on a time.
const expect = baseExpect.configure({ timeout: 15_000 });

const sandboxConsole = (page: Page) => page.getByRole('complementary', { name: 'Sandbox console' });

/**
 * An app that asks for auth_user the moment it runs, on an origin of its own that the browser
 * serves from the test (nothing listens there). It shows each answer it gets, and its button asks
 * for auth_base: a call made after the user acted.
 */
async function registerEagerApp(page: Page, sandbox: SandboxClient, firstScreen: RuleMode) {
  const url = `http://127.0.0.1:7849/${firstScreen}/`;
  const app = await sandbox.registerApp({
    name: `Eager ${firstScreen} ${sandbox.namespace}`,
    url,
    authClientId: '2024SANDBOXMERCHANT01',
    scopes: ['auth_base', 'auth_user'],
    rules: { firstScreen },
  });
  const call = (id: string, scope: string) =>
    JSON.stringify({
      tag: BRIDGE_TAG,
      kind: 'call',
      id,
      method: 'getAuthCode',
      params: { scopes: [scope] },
    });
  await page.route(`${url}**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Eager</title><p>Welcome</p>
<ol aria-label="Answers"></ol>
<!-- Below the wallet's notices, which sit over the top of the mini program. -->
<button style="margin-top: 50vh" onclick='parent.postMessage(${call('later', 'auth_base')}, "*")'>Check in</button>
<script>
  addEventListener('message', ({ data }) => {
    if (data?.tag !== '${BRIDGE_TAG}' || data.kind !== 'reply') return;
    const item = document.createElement('li');
    item.textContent = data.id + ': ' + (data.ok ? 'success' : 'error ' + data.error.error + ' ' + data.error.errorMessage);
    document.querySelector('ol').append(item);
  });
  parent.postMessage(${call('first', 'auth_user')}, '*');
</script>`,
    }),
  );
  return app;
}

function answers(page: Page) {
  return page
    .frameLocator('iframe[name="mini-program"]')
    .getByRole('list', { name: 'Answers' })
    .getByRole('listitem');
}

test('refuse: the first-screen ask fails with error 4, no sheet shows, the phone and the timeline say why; a later ask goes through', async ({
  page,
  wallet,
  sandbox,
}) => {
  const app = await registerEagerApp(page, sandbox, 'refuse');
  await wallet.open(app.name);
  await expect(answers(page)).toHaveText([
    'first: error 4 No permission: authorization may not be asked at the first screen, before any user action (rule firstScreen is refuse)',
  ]);
  // The answer came without a sheet: none is left to come for that call.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('alert')).toContainText(
    'Refused: authorization may not be asked at the first screen, before any user action',
  );
  await expect(
    sandboxConsole(page).getByRole('note').filter({ hasText: 'rule firstScreen is refuse' }),
  ).toContainText("authorization asked at the mini program's first screen before any user action");
  // The failed call's fix is about when to ask, not about the app's registered scopes.
  const refused = sandboxConsole(page).getByRole('article', {
    name: `${app.name} · my.getAuthCode`,
  });
  await expect(refused).toContainText('Fix: Ask inside a business step, after the user acted');
  await expect(refused).not.toContainText('may not ask for these scopes');

  // After the user acted, the same app may ask (auth_base is silent: no sheet).
  await page
    .frameLocator('iframe[name="mini-program"]')
    .getByRole('button', { name: 'Check in' })
    .click();
  await expect(answers(page)).toHaveText([/^first: error 4/, 'later: success']);
  // The refusal notice was about the refused request only.
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
});

test('warn: the first-screen ask goes through the sheet, and its login card says the rule let it through', async ({
  page,
  wallet,
  consent,
  sandbox,
}) => {
  const app = await registerEagerApp(page, sandbox, 'warn');
  await wallet.open(app.name);
  await consent.allow();
  await expect(answers(page)).toHaveText(['first: success']);
  const card = sandboxConsole(page).getByRole('article', { name: `${app.name} · login` });
  await expect(card.getByRole('note')).toContainText(
    "authorization asked at the mini program's first screen before any user action",
  );
  await expect(card.getByRole('note')).toContainText('(let through: rule firstScreen is warn)');
});

test('off: the first-screen ask goes through the sheet, and nothing is said', async ({
  page,
  wallet,
  consent,
  sandbox,
}) => {
  const app = await registerEagerApp(page, sandbox, 'off');
  const since = await sandbox.lastSeq();
  await wallet.open(app.name);
  await consent.allow();
  await expect(answers(page)).toHaveText(['first: success']);
  // A second call, answered after the first was reported: a warning about the first would have
  // been sent right after the first's report, before the second's.
  await page
    .frameLocator('iframe[name="mini-program"]')
    .getByRole('button', { name: 'Check in' })
    .click();
  await expect(answers(page)).toHaveText(['first: success', 'later: success']);
  const calls = async () =>
    (await sandbox.events({ type: 'bridge.call', since })).filter((e) => e.appId === app.appId);
  await expect.poll(async () => (await calls()).length).toBe(2);
  const warnings = (await sandbox.events({ type: 'rule.warning', since })).filter(
    (e) => e.appId === app.appId,
  );
  expect(warnings).toEqual([]);
  const card = sandboxConsole(page).getByRole('article', { name: `${app.name} · login` });
  await expect(card.getByRole('button').first()).toHaveText(/my\.getAuthCode\s*success/);
  await expect(card.getByRole('note')).toHaveCount(0);
});
