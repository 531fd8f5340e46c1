import { readFileSync } from 'node:fs';
import {
  BRIDGE_TAG,
  CONTROL_PATHS,
  type ClockResponse,
  type SandboxEvent,
} from '@mp-sandbox/protocol';
import { expect, test, type WalletPage } from '@mp-sandbox/playwright';
import type { Page } from '@playwright/test';
import { stack } from '../support/stack';

// Each worker holds the wallet as its namespace's copy of a persona (`ana-w0…`): the console then
// shows and drives that namespace only, so these tests run beside the other suites.

const HARBOR = 'Harbor Coffee';
const TESTER = 'Scope Tester';

function sandboxConsole(page: Page) {
  return page.getByRole('complementary', { name: 'Sandbox console' });
}

async function logInToHarbor(wallet: WalletPage, consent: { allow(): Promise<void> }) {
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  return harbor;
}

test('a login shows as one card, each step in order, and applyToken opens on its signed request and its answer', async ({
  page,
  wallet,
  consent,
  sandbox,
}) => {
  const harbor = await logInToHarbor(wallet, consent);
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');

  const card = sandboxConsole(page).getByRole('article', { name: `${HARBOR} · login` });
  await expect(card.getByRole('button')).toHaveText([
    /my\.getAuthCode\s*success/,
    /Consent sheet\s*allowed: auth_user/,
    /authCode issued\s*auth_user/,
    /applyToken\s*SUCCESS/,
    /inquiryUserInfo\s*SUCCESS/,
  ]);
  await expect(card).toContainText(sandbox.personaId('ana'));
  // The user tapped "Log in with wallet" first: asking then breaks no rule.
  await expect(card.getByRole('note')).toHaveCount(0);

  const applyToken = card.getByRole('button', { name: /^applyToken/ });
  await expect(applyToken).toHaveAttribute('aria-expanded', 'false');
  await applyToken.click();
  await expect(applyToken).toHaveAttribute('aria-expanded', 'true');
  const request = card.getByRole('region', { name: 'Request' });
  await expect(request).toContainText('POST /v2/authorizations/applyToken');
  await expect(request).toContainText('Client-Id2024SANDBOXMERCHANT01');
  await expect(request).toContainText(/Signaturealgorithm=RSA256, keyVersion=1, signature=/);
  await expect(request).toContainText('"grantType": "AUTHORIZATION_CODE"');
  const response = card.getByRole('region', { name: 'Response' });
  await expect(response).toContainText('Response-Time');
  await expect(response).toContainText('"resultCode": "SUCCESS"');
  await expect(response).toContainText('"accessToken"');
  await expect(card.getByRole('region', { name: 'What the platform did' })).toContainText(
    'token.issued',
  );
});

test('a failure armed from the console shows in red in its login, with the reason and the fix', async ({
  page,
  wallet,
  consent,
}) => {
  await wallet.goto();
  const faults = sandboxConsole(page).getByRole('form', { name: 'Arm a fault' });
  await faults.getByLabel('API').selectOption('applyToken');
  await faults.getByLabel('Result code').selectOption('UNKNOWN_EXCEPTION');
  await faults.getByLabel('Count').fill('1');
  await faults.getByRole('button', { name: 'Arm fault' }).click();
  await expect(sandboxConsole(page).getByRole('list', { name: 'Armed faults' })).toContainText(
    'applyToken → UNKNOWN_EXCEPTION × 1',
  );

  const harbor = await logInToHarbor(wallet, consent);
  await expect(harbor.getByRole('status')).toContainText('Sign-in failed: UNKNOWN_EXCEPTION');

  const card = sandboxConsole(page).getByRole('article', { name: `${HARBOR} · login` });
  const step = card
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: /^applyToken/ }) });
  await expect(step.getByRole('button')).toHaveText(/applyToken\s*UNKNOWN_EXCEPTION/);
  await expect(step).toContainText(
    'UNKNOWN_EXCEPTION: An API calling is failed, which is caused by unknown reasons. (injected by sandbox fault',
  );
  await expect(step).toContainText('Fix: Retry the call.');
  await expect(step.locator('.step-title')).toHaveCSS('color', 'rgb(180, 35, 24)');
  await expect(card).toHaveClass(/failed/);
  // The fault was used up: the list reads itself again when the call shows up.
  await expect(
    sandboxConsole(page).getByText('No fault armed: every call is served.'),
  ).toBeVisible();
});

test('a replayed authCode is flagged as a broken rule in the login it came from', async ({
  page,
  wallet,
  consent,
}) => {
  const loginRequest = page.waitForRequest(`${stack.urls.merchant}/api/login`);
  const harbor = await logInToHarbor(wallet, consent);
  const { authCode } = (await loginRequest).postDataJSON() as { authCode: string };
  await expect(harbor.getByRole('status')).toContainText('Signed in as');
  await fetch(`${stack.urls.merchant}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ authCode }),
  });

  const card = sandboxConsole(page).getByRole('article', { name: `${HARBOR} · login` });
  await expect(card.getByRole('note')).toHaveText(
    'Rule: authCode exchanged twice: codes are single-use',
  );
  await expect(card.getByRole('button', { name: /^applyToken\s*USED_AUTHCODE/ })).toBeVisible();
});

test('basic info and the phone in one request are flagged as a broken rule', async ({
  page,
  wallet,
}) => {
  const tester = await wallet.open(TESTER);
  await tester.getByLabel(/Scopes/).fill('auth_user, PLAINTEXT_MOBILE_PHONE');
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  await expect(tester.getByRole('status')).toContainText('"error": 2');
  const rule = sandboxConsole(page).getByRole('article', { name: `${TESTER} · rule` });
  await expect(rule.getByRole('note')).toContainText(
    'basic info and the phone number asked in one request',
  );
  await expect(
    sandboxConsole(page)
      .getByRole('article', { name: `${TESTER} · my.getAuthCode` })
      .getByRole('button'),
  ).toHaveText(/fail · error 2/);
});

test('a mini program that asks at its first screen, before any user action, is told so', async ({
  page,
  wallet,
  consent,
  sandbox,
}) => {
  // A mini program that calls getAuthCode as soon as it runs: served by the test, on its own origin.
  const url = 'http://127.0.0.1:7739/';
  const app = await sandbox.registerApp({
    name: `Eager ${sandbox.namespace}`,
    url,
    authClientId: '2024SANDBOXMERCHANT01',
    scopes: ['auth_base', 'auth_user'],
  });
  const call = {
    tag: BRIDGE_TAG,
    kind: 'call',
    id: 'first-1',
    method: 'getAuthCode',
    params: { scopes: ['auth_user'] },
  };
  await page.route(`${url}**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<p>Welcome</p><script>parent.postMessage(${JSON.stringify(call)}, '*')</script>`,
    }),
  );

  await wallet.open(app.name);
  await consent.allow();
  const card = sandboxConsole(page).getByRole('article', { name: `${app.name} · login` });
  await expect(card.getByRole('note')).toContainText(
    "authorization asked at the mini program's first screen before any user action",
  );
  await expect(card.getByRole('button').first()).toHaveText(/my\.getAuthCode\s*success/);
});

test('a clock preset moves the sandbox clock, and the console shows the new offset', async ({
  page,
  wallet,
  sandbox,
}) => {
  await wallet.goto();
  const clock = sandboxConsole(page).getByRole('region', { name: 'Sandbox clock' });
  await expect(clock.getByTestId('clock-offset')).toHaveText('none: wall time');
  const presets = clock.getByRole('group', { name: 'Advance the clock by' });
  await presets.getByRole('button', { name: '+1d' }).click();
  await expect(clock.getByTestId('clock-offset')).toHaveText('+1d');
  await presets.getByRole('button', { name: '+5m' }).click();
  await expect(clock.getByTestId('clock-offset')).toHaveText('+1d 5m');
  const answer = await sandbox.request<ClockResponse>(
    'GET',
    `${CONTROL_PATHS.clock}?namespace=${sandbox.namespace}`,
  );
  expect(answer.offsetMs).toBe(86_400_000 + 5 * 60_000);
  await presets.getByRole('button', { name: 'Use wall time' }).click();
  await expect(clock.getByTestId('clock-offset')).toHaveText('none: wall time');
});

test('Export JSON downloads the timeline, with the events as the platform sent them', async ({
  page,
  wallet,
  sandbox,
}) => {
  await wallet.goto();
  const { authCode } = await sandbox.issueAuthCode({
    app: HARBOR,
    persona: 'chen',
    scopes: ['auth_user'],
  });
  const timeline = sandboxConsole(page).getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('button', { name: /^authCode issued/ })).toBeVisible();

  const download = page.waitForEvent('download');
  await timeline.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as {
    exportedAt: string;
    events: SandboxEvent[];
  };
  expect(exported.events).toEqual(await sandbox.events());
  expect(exported.events).toContainEqual(
    expect.objectContaining({
      type: 'auth_code.issued',
      userId: sandbox.personaId('chen'),
      data: expect.objectContaining({ authCode }),
    }),
  );
});

test('the console can be hidden, stays hidden after a reload, and clears only its own view', async ({
  page,
  wallet,
  sandbox,
}) => {
  await wallet.goto();
  await sandbox.issueAuthCode({ app: HARBOR, scopes: ['auth_user'] });
  const timeline = sandboxConsole(page).getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('article')).toHaveCount(1);
  await timeline.getByRole('button', { name: 'Clear view' }).click();
  await expect(timeline.getByRole('article')).toHaveCount(0);
  expect(await sandbox.events()).toHaveLength(1);

  await sandboxConsole(page).getByRole('button', { name: 'Hide console' }).click();
  await expect(timeline).toHaveCount(0);
  await page.reload();
  const show = sandboxConsole(page).getByRole('button', { name: 'Show console' });
  await expect(show).toHaveAttribute('aria-expanded', 'false');
  await show.click();
  await expect(sandboxConsole(page).getByRole('region', { name: 'Timeline' })).toBeVisible();
});

test('a consent policy added from the console answers the sheet for the user, and can be removed', async ({
  page,
  wallet,
  consent,
  sandbox,
}) => {
  await wallet.goto();
  const ana = sandbox.personaId('ana');
  const policies = sandboxConsole(page).getByRole('region', { name: 'Consent policy' });
  const form = policies.getByRole('form', { name: 'Add a consent policy' });
  await form.getByLabel('Mini program').selectOption({ label: HARBOR });
  await form.getByLabel('Persona').selectOption(ana);
  await form.getByLabel('Decision').selectOption('approve');
  await form.getByRole('button', { name: 'Add policy' }).click();
  const list = policies.getByRole('list', { name: 'Consent policies' });
  await expect(list).toHaveText(`${HARBOR} · ${ana} · any scope → approveRemove`);

  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
  await expect(consent.dialog).toHaveCount(0);

  const appId = await sandbox.appId(HARBOR);
  await list.getByRole('button', { name: `Remove policy ${appId} · ${ana} · any scope` }).click();
  await expect(policies.getByText('No policy: every sheet waits for a person.')).toBeVisible();
});

test('the consent policy section shows what the platform answered when it cannot list policies', async ({
  page,
  wallet,
}) => {
  await page.route('**/platform/sandbox/v1/consent-policies?**', (route) =>
    route.fulfill({
      status: 404,
      json: { error: 'NOT_FOUND', message: 'no route GET /sandbox/v1/consent-policies' },
    }),
  );
  await wallet.goto();
  const policies = sandboxConsole(page).getByRole('region', { name: 'Consent policy' });
  await expect(policies).toContainText('no route GET /sandbox/v1/consent-policies');
  await expect(
    policies.getByRole('form', { name: 'Add a consent policy' }).getByLabel('Decision'),
  ).toBeEnabled();
});

test('reset from the console empties its namespace and the view', async ({
  page,
  wallet,
  sandbox,
}) => {
  await wallet.goto();
  await sandbox.issueAuthCode({ app: HARBOR, scopes: ['auth_user'] });
  const panel = sandboxConsole(page);
  await expect(panel.getByRole('article')).toHaveCount(1);
  // Reset asks once more; Cancel leaves everything as it was.
  await panel.getByRole('button', { name: 'Reset sandbox' }).click();
  await panel
    .getByRole('group', { name: 'Confirm reset' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await expect(panel.getByRole('article')).toHaveCount(1);
  expect(await sandbox.events()).not.toHaveLength(0);
  await panel.getByRole('button', { name: 'Reset sandbox' }).click();
  await panel
    .getByRole('group', { name: 'Confirm reset' })
    .getByRole('button', { name: 'Reset now' })
    .click();
  await expect(panel.getByText('The sandbox was reset.')).toBeVisible();
  await expect(panel.getByRole('article')).toHaveCount(0);
  expect(await sandbox.events()).toHaveLength(0);
});
