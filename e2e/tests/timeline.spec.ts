import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CONTROL_PATHS } from '@mp-sandbox/protocol';
import { expect, test, type WalletPage } from '@mp-sandbox/playwright';
import type { Locator, Page } from '@playwright/test';
import { stack } from '../support/stack';

/** The part of a HAR 1.2 file this test reads. */
interface Har {
  log: {
    version: string;
    entries: Array<{
      request: {
        method: string;
        url: string;
        headers: Array<{ name: string; value: string }>;
        postData?: { text: string };
      };
      response: { content: { text: string } };
    }>;
  };
}

// The console's timeline tells the truth (issue 13): live at once, one card per login whatever
// decided it, each labelled for what decided, and fixes that name the real cause.

function sandboxConsole(page: Page) {
  return page.getByRole('complementary', { name: 'Sandbox console' });
}

test("the timeline is live through the shell's /platform proxy before any event or keep-alive", async ({
  page,
  wallet,
  sandbox,
}) => {
  // A fresh namespace has no events to replay: only the stream's opening can make it live.
  await wallet.goto();
  await expect(sandboxConsole(page).getByRole('status').filter({ hasText: 'events' })).toHaveText(
    'live · 0 events',
  );

  // The first bytes through the proxy are the stream's opening comment, not a keep-alive 15 s later.
  const first = await page.evaluate(async (url) => {
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    const { value } = await response.body!.getReader().read();
    controller.abort();
    return { type: response.headers.get('content-type'), text: new TextDecoder().decode(value) };
  }, `/platform${CONTROL_PATHS.eventStream}?namespace=${sandbox.namespace}`);
  expect(first.type).toContain('text/event-stream');
  expect(first.text).toMatch(/^: stream open/);
});

const HARBOR = 'Harbor Coffee';
const TESTER = 'Scope Tester';

async function askTester(wallet: WalletPage, scopes: string) {
  const tester = await wallet.open(TESTER);
  await tester.getByLabel(/Scopes/).fill(scopes);
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  return tester;
}

/** The times of a card's rows, as shown (HH:MM:SS), top to bottom. */
async function rowTimes(card: Locator): Promise<string[]> {
  return card.locator('.step-time').allTextContents();
}

test("a Deny is one card, labelled as the user's choice, not painted as a failure to fix", async ({
  page,
  wallet,
  consent,
}) => {
  const tester = await askTester(wallet, 'USER_NICKNAME');
  await consent.deny();
  await expect(tester.getByRole('status')).toContainText('"error": 11');
  const timeline = sandboxConsole(page).getByRole('region', { name: 'Timeline' });
  const card = timeline.getByRole('article', { name: `${TESTER} · login refused` });
  await expect(card.getByRole('button')).toHaveText([
    /my\.getAuthCode\s*fail · error 11/,
    /Consent sheet\s*denied: USER_NICKNAME/,
  ]);
  await expect(card).toContainText('The user tapped Deny');
  await expect(card).not.toContainText('Fix:');
  await expect(card).not.toHaveClass(/failed/);
  await expect(timeline.getByRole('article')).toHaveCount(1);
  const times = await rowTimes(card);
  expect([...times].sort(), 'rows in time order').toEqual(times);
});

test('closing the sheet is logged as closed without choosing, not as a refusal', async ({
  page,
  wallet,
  consent,
}) => {
  const tester = await askTester(wallet, 'USER_NICKNAME');
  await consent.cancel();
  await expect(tester.getByRole('status')).toContainText('"error": 11');
  const timeline = sandboxConsole(page).getByRole('region', { name: 'Timeline' });
  const card = timeline.getByRole('article', { name: `${TESTER} · login refused` });
  await expect(card.getByRole('button')).toHaveText([
    /my\.getAuthCode\s*fail · error 11/,
    /Consent sheet\s*closed without choosing: USER_NICKNAME/,
  ]);
  await expect(card).toContainText('The user closed the sheet');
  await expect(timeline.getByRole('article')).toHaveCount(1);
});

test('a consent policy is named as what decided, for approve and for cancel', async ({
  page,
  wallet,
  consent,
}) => {
  await consent.policy({ decision: 'approve', appId: TESTER, scope: 'USER_NICKNAME' });
  await consent.policy({ decision: 'cancel', appId: TESTER, scope: 'USER_AVATAR' });
  const tester = await askTester(wallet, 'USER_NICKNAME');
  await expect(tester.getByRole('status')).toContainText('success');
  const timeline = sandboxConsole(page).getByRole('region', { name: 'Timeline' });
  const approved = timeline.getByRole('article', { name: `${TESTER} · login` });
  await expect(approved.getByRole('button')).toHaveText([
    /my\.getAuthCode\s*success/,
    /Consent policy\s*approved: USER_NICKNAME/,
    /authCode issued/,
  ]);

  await tester.getByLabel(/Scopes/).fill('USER_AVATAR');
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  await expect(tester.getByRole('status')).toContainText('"error": 11');
  const cancelled = timeline.getByRole('article', { name: `${TESTER} · login refused` });
  await expect(cancelled.getByRole('button')).toHaveText([
    /my\.getAuthCode\s*fail · error 11/,
    /Consent policy\s*cancelled: USER_AVATAR/,
  ]);
  await expect(timeline.getByRole('article')).toHaveCount(2);
});

test('a silent check-in is titled as a silent authorization, not a login', async ({
  page,
  wallet,
}) => {
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Check in at the counter' }).click();
  const card = sandboxConsole(page).getByRole('article', {
    name: `${HARBOR} · silent authorization`,
  });
  await expect(card.getByRole('button').first()).toHaveText(/my\.getAuthCode\s*success/);
  const times = await rowTimes(card);
  expect([...times].sort(), 'rows in time order').toEqual(times);
});

test('my.request to an unregistered domain is told to fix requestDomains, not scopes', async ({
  page,
  wallet,
  sandbox,
}) => {
  const lab = await sandbox.registerApp({
    name: `Lab ${sandbox.namespace} ${test.info().testId.slice(-8)}`,
    url: `${stack.urls.miniProgram}/lab.html`,
    authClientId: '2024SANDBOXMERCHANT01',
  });
  const frame = await wallet.open(lab.name);
  await frame.getByRole('button', { name: 'request unregistered', exact: true }).click();
  await expect(frame.getByRole('status', { name: 'Result' })).toContainText('"error":4');
  const step = sandboxConsole(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: /^my\.request/ }) });
  await expect(step).toContainText("Fix: The URL's domain is not one of the app's requestDomains");
  await expect(step).not.toContainText('scopes');
});

test('setting the clock to 10:00 shows 10:00:00', async ({ page, wallet }) => {
  await wallet.goto();
  const clock = sandboxConsole(page).getByRole('region', { name: 'Sandbox clock' });
  const day = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  await clock
    .getByLabel('Set the clock to')
    .fill(`${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}T10:00`);
  await clock.getByRole('button', { name: 'Set clock' }).click();
  await expect(clock.getByTestId('clock-offset')).not.toHaveText('none: wall time');
  await expect(clock.getByRole('definition').first()).toContainText('10:00:0');
  await expect(clock.getByRole('definition').first()).not.toContainText('09:59:59');
});

test('Export HAR saves the gateway calls as HAR 1.2, and a saved signed request replays to the same answer', async ({
  page,
  wallet,
  consent,
}) => {
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
  const timeline = sandboxConsole(page).getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByRole('button', { name: /^inquiryUserInfo/ })).toBeVisible();

  const download = page.waitForEvent('download');
  await timeline.getByRole('button', { name: 'Export HAR' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/\.har$/);
  const har = JSON.parse(readFileSync(await saved.path(), 'utf8')) as Har;
  expect(har.log.version).toBe('1.2');
  expect(har.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual([
    '/v2/authorizations/applyToken',
    '/v2/users/inquiryUserInfo',
  ]);

  // The entry is the call as signed: sent again (within the Request-Time tolerance), it gets the same answer.
  const inquiry = har.log.entries[1]!;
  expect(inquiry.request.url.startsWith(stack.urls.platform)).toBe(true);
  const again = await fetch(inquiry.request.url, {
    method: inquiry.request.method,
    headers: Object.fromEntries(inquiry.request.headers.map((h) => [h.name, h.value])),
    body: inquiry.request.postData?.text ?? null,
  });
  const answer = (await again.json()) as { result: { resultCode: string }; userInfo?: unknown };
  const original = JSON.parse(inquiry.response.content.text) as typeof answer;
  expect(answer.result).toEqual(original.result);
  expect(answer.userInfo).toEqual(original.userInfo);
});

test('the timeline filters by search words (app, persona, event type) and by failures only', async ({
  page,
  wallet,
  consent,
  faults,
}) => {
  await faults.next('applyToken', 'UNKNOWN_EXCEPTION');
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  await expect(harbor.getByRole('status')).toContainText('Sign-in failed');
  await wallet.close();
  const tester = await askTester(wallet, 'USER_NICKNAME');
  await consent.allow();
  await expect(tester.getByRole('status')).toContainText('success');

  const timeline = sandboxConsole(page).getByRole('region', { name: 'Timeline' });
  const cards = timeline.getByRole('article');
  await expect(cards).toHaveCount(2);
  const search = timeline.getByRole('searchbox', { name: 'Search the timeline' });
  await search.fill('scope tester');
  await expect(cards).toHaveCount(1);
  await expect(cards).toHaveAccessibleName(`${TESTER} · login`);
  await search.fill('UNKNOWN_EXCEPTION');
  await expect(cards).toHaveAccessibleName(`${HARBOR} · login`);
  await search.fill('');
  await timeline.getByRole('checkbox', { name: 'Failures only' }).check();
  await expect(cards).toHaveCount(1);
  await expect(cards).toHaveAccessibleName(`${HARBOR} · login`);
  await expect(timeline.getByText('1 of 2')).toBeVisible();
});

test('Copy as cURL copies the signed request, and the command run gets the same answer', async ({
  page,
  context,
  wallet,
  consent,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: stack.urls.shell,
  });
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
  const timeline = sandboxConsole(page).getByRole('region', { name: 'Timeline' });
  const step = timeline
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: /^inquiryUserInfo/ }) });
  await step.getByRole('button', { name: /^inquiryUserInfo/ }).click();
  await step.getByRole('button', { name: 'Copy as cURL' }).click();
  await expect(step.getByText(/^Copied/)).toBeVisible();
  const command = await page.evaluate(() => navigator.clipboard.readText());
  expect(command).toMatch(/^curl -sS -X POST '.*\/v2\/users\/inquiryUserInfo'/);

  const shown = JSON.parse(
    (await step.getByRole('region', { name: 'Response' }).locator('.json').textContent()) ?? '{}',
  ) as Record<string, unknown>;
  const answer = JSON.parse(execFileSync('sh', ['-c', command], { encoding: 'utf8' })) as Record<
    string,
    unknown
  >;
  expect(answer['result']).toEqual(shown['result']);
  expect(answer['userInfo']).toEqual(shown['userInfo']);
});
