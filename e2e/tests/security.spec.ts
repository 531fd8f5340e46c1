import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relative, resolve } from 'node:path';
import { chromium, type Browser, type Page, type Response } from '@playwright/test';
import { CHROMIUM_ARGS, expect, findChromium, test } from '@mp-sandbox/playwright';
import { CONTROL_PATHS, type ClockResponse, type SandboxEvent } from '@mp-sandbox/protocol';
import { E2E_ENV, REPO_ROOT, stack } from '../support/stack';

/**
 * What a page that is not the wallet shell can do to the sandbox in Chromium: nothing. The pages
 * are served from another local port (as any other dev server of the developer's is), from
 * localhost, and from `evil.example` and `rebind.test`, names this browser resolves to 127.0.0.1
 * (a DNS rebinding attacker's name does just that).
 */
const PROXY = `${stack.urls.shell}/platform`;
const PLATFORM = stack.urls.platform;
const RESOLVER = '--host-resolver-rules=MAP evil.example 127.0.0.1, MAP rebind.test 127.0.0.1';

let pages: Server;
let port: number;
let browser: Browser;

test.beforeAll(async () => {
  // A blank page, on a port of its own; the attacks are run in it.
  pages = createServer((_req, res) =>
    res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end('<!doctype html><title>another page</title><body></body>'),
  );
  await new Promise<void>((done) => pages.listen(0, '127.0.0.1', done));
  port = (pages.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, RESOLVER],
  });
});

test.afterAll(async () => {
  await browser?.close();
  await new Promise((done) => pages?.close(done));
});

/** Every answer the sandbox's servers gave the page (statuses are seen here even when CORS hides them from the page). */
function answersTo(page: Page): Response[] {
  const seen: Response[] = [];
  page.on('response', (response) => {
    if (
      response.url().startsWith(PROXY) ||
      response.url().startsWith(PLATFORM) ||
      response.url().includes(`:${stack.ports.platform}/`) ||
      response.url().includes(`:${stack.ports.shell}/`)
    ) {
      seen.push(response);
    }
  });
  return seen;
}

/** The attacks a page can make without any help from the sandbox: fetch (cors and no-cors) and a form post. */
async function attack(
  page: Page,
  base: string,
  target: { appId: string; userId: string },
): Promise<string[]> {
  return page.evaluate(
    async ({ base, target }) => {
      const outcomes: string[] = [];
      const tryFetch = async (label: string, url: string, init?: RequestInit) => {
        try {
          const response = await fetch(url, init);
          outcomes.push(
            `${label}: ${response.type} ${response.status} ${response.type === 'opaque' ? '' : (await response.text()).slice(0, 80)}`,
          );
        } catch (error) {
          outcomes.push(`${label}: ${(error as Error).name}`);
        }
      };
      const json = (body: unknown) => ({
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const plain = (body: unknown): RequestInit => ({
        method: 'POST',
        mode: 'no-cors',
        body: JSON.stringify(body),
      });
      await tryFetch('read personas', `${base}/sandbox/v1/personas`);
      await tryFetch('read events', `${base}/sandbox/v1/events`);
      await tryFetch('read personas no-cors', `${base}/sandbox/v1/personas`, { mode: 'no-cors' });
      await tryFetch(
        'authorize',
        `${base}/wallet/v1/authorize`,
        json({
          appId: target.appId,
          userId: 'chen',
          scopes: ['auth_user', 'USER_BIRTHDAY'],
          decision: 'allow',
        }),
      );
      await tryFetch(
        'authorize no-cors',
        `${base}/wallet/v1/authorize`,
        plain({ appId: target.appId, userId: 'chen', scopes: ['auth_user'], decision: 'allow' }),
      );
      await tryFetch(
        'issue a code no-cors',
        `${base}/sandbox/v1/authcodes`,
        plain({ appId: target.appId, userId: 'chen', scopes: ['auth_user'] }),
      );
      await tryFetch('reset', `${base}/sandbox/v1/reset`, json({}));
      await tryFetch('reset no-cors', `${base}/sandbox/v1/reset`, {
        method: 'POST',
        mode: 'no-cors',
      });
      await tryFetch(
        'move the clock no-cors',
        `${base}/sandbox/v1/clock/advance`,
        plain({ by: '31d' }),
      );
      await tryFetch('revoke', `${base}/wallet/v1/grants/${target.appId}?userId=${target.userId}`, {
        method: 'DELETE',
      });
      // A form post: what a page can make any browser send, with no script reading the answer.
      await new Promise<void>((done) => {
        const frame = Object.assign(document.createElement('iframe'), {
          name: `sink${Math.random()}`,
        });
        frame.onload = () => done();
        document.body.append(frame);
        const form = Object.assign(document.createElement('form'), {
          method: 'POST',
          action: `${base}/sandbox/v1/reset`,
          enctype: 'text/plain',
          target: frame.name,
        });
        form.append(
          Object.assign(document.createElement('input'), { name: '{"namespace":"', value: '"}' }),
        );
        document.body.append(form);
        form.submit();
      });
      outcomes.push('form post: sent');
      return outcomes;
    },
    { base, target },
  );
}

interface Snapshot {
  clock: ClockResponse;
  namespaceClock: ClockResponse;
  policies: number;
  codesForChen: number;
  revoked: number;
}

test('pages on other origins cannot read personas, issue codes, revoke, reset or move the clock, through the proxy or the platform', async ({
  sandbox,
}) => {
  test.setTimeout(180_000);
  const appId = await sandbox.appId('Harbor Coffee');
  const userId = sandbox.personaId('ana');
  // State an attack would change: a grant, a consent policy, the clocks.
  await sandbox.issueAuthCode({ app: 'Harbor Coffee', scopes: ['auth_user'] });
  await sandbox.consentPolicy({ decision: 'approve', appId: 'Harbor Coffee' });
  const snapshot = async (): Promise<Snapshot> => ({
    clock: await sandbox.request<ClockResponse>('GET', CONTROL_PATHS.clock),
    namespaceClock: await sandbox.request<ClockResponse>(
      'GET',
      `${CONTROL_PATHS.clock}?namespace=${sandbox.namespace}`,
    ),
    policies: (
      await sandbox.request<{ policies: unknown[] }>(
        'GET',
        `${CONTROL_PATHS.consentPolicies}?namespace=${sandbox.namespace}`,
      )
    ).policies.length,
    codesForChen: (
      await sandbox.request<{ events: SandboxEvent[] }>(
        'GET',
        `${CONTROL_PATHS.events}?type=auth_code.issued`,
      )
    ).events.filter((e) => e.userId === 'chen').length,
    revoked: (await sandbox.events({ type: 'grant.revoked' })).length,
  });
  const before = await snapshot();

  for (const origin of [
    `http://127.0.0.1:${port}`,
    `http://localhost:${port}`,
    `http://evil.example:${port}`,
  ]) {
    const page = await browser.newPage();
    const answers = answersTo(page);
    await page.goto(`${origin}/`);
    for (const base of [PROXY, PLATFORM]) {
      const outcomes = await attack(page, base, { appId, userId });
      // Nothing the page could read: every cors call failed, every no-cors one is opaque.
      for (const outcome of outcomes)
        expect(outcome, `${origin} → ${base}`).toMatch(/: (TypeError|opaque 0 |sent)/);
    }
    await page.close();
    // The calls that reached a server were refused there, by the rules, not only hidden by CORS.
    expect(answers.length, `${origin}: requests that reached the sandbox`).toBeGreaterThanOrEqual(
      8,
    );
    for (const answer of answers) {
      expect(
        [401, 403, 415],
        `${answer.request().method()} ${answer.url()} from ${origin}`,
      ).toContain(answer.status());
    }
  }

  const after = await snapshot();
  expect(after.clock.offsetMs).toBe(before.clock.offsetMs);
  expect(after.namespaceClock.offsetMs).toBe(before.namespaceClock.offsetMs);
  expect(after.policies).toBe(before.policies);
  expect(after.codesForChen).toBe(before.codesForChen);
  expect(after.revoked).toBe(before.revoked);
});

test("a rebinding host name reaches neither the platform nor the shell's proxy", async ({
  sandbox,
}) => {
  const before = await sandbox.request<ClockResponse>('GET', CONTROL_PATHS.clock);
  const page = await browser.newPage();
  // The attacker's page and the sandbox share an origin once the name points at 127.0.0.1: the page
  // could read any answer. It gets only refusals.
  for (const url of [
    `http://rebind.test:${stack.ports.shell}/platform${CONTROL_PATHS.personas}`,
    `http://rebind.test:${stack.ports.shell}/`,
    `http://rebind.test:${stack.ports.platform}${CONTROL_PATHS.personas}`,
    // Last: the page stays on the platform's origin for the posts below.
    `http://rebind.test:${stack.ports.platform}${CONTROL_PATHS.events}`,
  ]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
    expect(await page.content(), url).not.toContain('"personas"');
  }
  const refused = await page.evaluate(async (platformPort) => {
    // Same origin as the page: the page would read the answer if there were one to read.
    const post = (path: string, body: string) =>
      fetch(`http://rebind.test:${platformPort}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }).then(async (r) => `${r.status} ${(await r.json()).error}`);
    return [
      await post('/sandbox/v1/clock/advance', '{"by":"31d"}'),
      await post('/sandbox/v1/reset', '{}'),
    ];
  }, stack.ports.platform);
  expect(refused).toEqual(['403 FORBIDDEN_HOST', '403 FORBIDDEN_HOST']);
  await page.close();
  expect((await sandbox.request<ClockResponse>('GET', CONTROL_PATHS.clock)).offsetMs).toBe(
    before.offsetMs,
  );
});

test('a page on another origin cannot frame the wallet', async () => {
  const page = await browser.newPage();
  const shellAnswer = page.waitForResponse((r) => r.url().startsWith(stack.urls.shell));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate((src) => {
    const frame = Object.assign(document.createElement('iframe'), { src });
    document.body.append(frame);
  }, `${stack.urls.shell}/`);
  const answer = await shellAnswer;
  expect(answer.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
  expect(answer.headers()['x-frame-options']).toBe('SAMEORIGIN');
  // Chromium refuses to render it: the frame holds its error page, not the wallet.
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  await expect.poll(() => frame.url()).toBe('chrome-error://chromewebdata/');
  await page.close();
});

test("a page that opens the wallet keeps no handle on it, so it cannot reach the mini program's frame", async () => {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const popup = page.waitForEvent('popup');
  await page.evaluate(
    (url) => void ((window as unknown as { opened: Window | null }).opened = window.open(url)),
    `${stack.urls.shell}/`,
  );
  const wallet = await popup;
  await wallet.waitForLoadState();
  // Cross-Origin-Opener-Policy: the wallet is in a browsing context group of its own.
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { opened: Window }).opened.closed))
    .toBe(true);
  expect(await wallet.evaluate(() => window.opener)).toBeNull();
  await page.close();
});

test('no server of the sandbox serves the data folder: state, journal, keys, the proxy secret', async () => {
  const dataDir = resolve(E2E_ENV.SANDBOX_DATA_DIR);
  const files = [
    'platform/db.json',
    'platform/journal.ndjson',
    'keys/platform.private.pem',
    'keys/sample-merchant.private.pem',
    'keys/shell-proxy.secret',
    'merchant/db.json',
  ]
    .map((file) => resolve(dataDir, file))
    .filter((file) => existsSync(file));
  expect(files.length, `data files in ${dataDir}`).toBeGreaterThanOrEqual(4);
  const servers = [
    stack.urls.shell,
    stack.urls.platform,
    stack.urls.merchant,
    stack.urls.miniProgram,
  ];
  let tried = 0;
  for (const file of files) {
    const content = readFileSync(file, 'utf8');
    // A line of the file that says it is this file (a key's body, the secret, the state's first bytes).
    const marker = content.includes('PRIVATE KEY')
      ? content.split('\n')[1]!
      : content.trim().slice(0, 48);
    const paths = [
      `/@fs${file}`,
      `/@fs${file}?raw`,
      `/@fs${file}?import`,
      `/@fs${file}?url`,
      `/@fs${file}?import&raw`,
      file,
    ];
    const inRepo = relative(REPO_ROOT, file);
    if (!inRepo.startsWith('..'))
      paths.push(
        `/${inRepo}`,
        `/../../${inRepo}`,
        `/..%2f..%2f${inRepo}`,
        `/@fs/${REPO_ROOT}/${inRepo}`,
      );
    for (const server of servers) {
      for (const path of paths) {
        const response = await fetch(server + path).catch(() => undefined);
        const text = response ? await response.text() : '';
        tried += 1;
        expect(text.includes(marker), `${server}${path} served ${file}`).toBe(false);
      }
    }
  }
  expect(tried).toBeGreaterThan(0);
});

test("a window another site opened, into which the person types the wallet's address, keeps no opener", async () => {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/`);
  const popup = page.waitForEvent('popup');
  await page.evaluate((url) => void window.open(url), `http://localhost:${port}/`);
  const typedInto = await popup;
  await typedInto.waitForLoadState();
  expect(await typedInto.evaluate(() => window.opener !== null)).toBe(true);
  // A load no page started gets no COOP (a fresh tab would pay a second renderer for it) ...
  const answer = await typedInto.goto(`${stack.urls.shell}/`);
  expect(answer?.headers()['cross-origin-opener-policy']).toBeUndefined();
  // ... and Chromium cuts the opener of another site itself.
  expect(await typedInto.evaluate(() => window.opener)).toBeNull();
  await page.close();
});
