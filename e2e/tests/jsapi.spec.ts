import { execFileSync } from 'node:child_process';
import { expect, test, type SandboxClient, type WalletPage } from '@mp-sandbox/playwright';
import type { FrameLocator, Page } from '@playwright/test';
import {
  BRIDGE_TAG,
  DEFAULT_DEVICE,
  DEVICE_PROFILES,
  LAUNCH_PARAM,
  type MiniProgramApp,
} from '@mp-sandbox/protocol';
import { REPO_ROOT, stack } from '../support/stack';

/**
 * The `my` JSAPIs in a real shell, a real mini program and the real platform: the JSAPI lab
 * (apps/mini-program/lab.html, one button per API), registered as two apps: one loads `my` as an
 * ES module, the other by `<script src="my.js">`. Workers run in parallel, each in its own
 * namespace, so each registers the lab under ids and names of its own.
 */
type LabApp = Omit<MiniProgramApp, 'silentKyc'>;

function labApps(sandbox: SandboxClient): { module: LabApp; script: LabApp } {
  const suffix = sandbox.namespace.replace(/[^A-Za-z0-9]/g, '');
  const module: LabApp = {
    appId: `LAB1${suffix}`.slice(0, 32),
    name: `JSAPI Lab ${suffix}`,
    icon: '🧪',
    url: `${stack.urls.miniProgram}/lab.html`,
    authClientId: '2024SANDBOXMERCHANT01',
    scopes: ['auth_base', 'auth_user', 'USER_NICKNAME'],
    requestDomains: [stack.urls.merchant],
  };
  return {
    module,
    script: {
      ...module,
      appId: `LAB2${suffix}`.slice(0, 32),
      name: `JSAPI Lab script ${suffix}`,
      url: `${module.url}?form=script`,
    },
  };
}

async function openLab(wallet: WalletPage, app: LabApp, persona = 'ana'): Promise<FrameLocator> {
  const lab = await wallet.open(app.name, { persona });
  await expect(lab.getByRole('button', { name: 'getAppIdSync' })).toBeEnabled();
  return lab;
}

/** Taps an API's button in the lab, and returns the lab's result region. */
async function tap(lab: FrameLocator, api: string) {
  await lab.getByRole('button', { name: api, exact: true }).click();
  return lab.getByRole('status', { name: 'Result' });
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page
    .locator('.phone')
    .screenshot({ path: test.info().outputPath(`${name}.png`), animations: 'disabled' });
}

let LAB: LabApp;
let SCRIPT_LAB: LabApp;

test.beforeAll(() => {
  // The script-tag form loads dist/my.js, which only the package's build makes (written atomically,
  // so two workers building at once are harmless).
  execFileSync('npm', ['run', 'build', '--silent', '-w', '@mp-sandbox/jsapi'], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
});

test.beforeEach(async ({ sandbox }) => {
  ({ module: LAB, script: SCRIPT_LAB } = labApps(sandbox));
  // Registered apps outlive a namespace reset; register them once per worker (again after a full reset).
  const known = new Set((await sandbox.apps()).map((a) => a.appId));
  for (const app of [LAB, SCRIPT_LAB]) if (!known.has(app.appId)) await sandbox.registerApp(app);
});

test('the lab reads its launch parameters, which leave its URL, and the sync and info APIs answer from them', async ({
  page,
  wallet,
}) => {
  const lab = await openLab(wallet, LAB);
  await screenshot(page, 'lab');
  await expect(await tap(lab, 'location.search')).toHaveText('location.search: returned ""');
  const src = await page.locator('iframe[name="mini-program"]').getAttribute('src');
  expect(src).toContain(`${LAUNCH_PARAM}=`);
  await expect(await tap(lab, 'getAppIdSync')).toHaveText(
    `getAppIdSync: returned {"appId":"${LAB.appId}"}`,
  );
  await expect(await tap(lab, 'getSiteInfo')).toHaveText(
    'getSiteInfo: success {"siteName":"SANDBOX","region":"ZZ"} [success, complete, resolved]',
  );
  const info = await tap(lab, 'getSystemInfo');
  await expect(info).toContainText(
    // The wallet plays its default phone, and the window is that phone's width.
    `getSystemInfo: success {"app":"sandbox","platform":"iOS","version":"10.6.0","windowWidth":${DEVICE_PROFILES[DEFAULT_DEVICE].screen.width},`,
  );
});

test('my.alert: the shell draws an alertdialog over the mini program, and success runs after OK', async ({
  page,
  wallet,
}) => {
  const lab = await openLab(wallet, LAB);
  const result = await tap(lab, 'alert');
  const dialog = page.getByRole('alertdialog', { name: 'Order ready' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Your flat white is waiting at the counter.');
  await expect(dialog.getByRole('button', { name: 'Got it' })).toBeFocused();
  await expect(result).toHaveText('alert: waiting…');
  await screenshot(page, 'alert');
  await dialog.getByRole('button', { name: 'Got it' }).click();
  await expect(dialog).toBeHidden();
  await expect(result).toHaveText('alert: success {} [success, complete, resolved]');
});

test('my.confirm: Not now answers { confirm: false }, Pay answers { confirm: true }', async ({
  page,
  wallet,
}) => {
  const lab = await openLab(wallet, LAB);
  let result = await tap(lab, 'confirm');
  const dialog = page.getByRole('alertdialog', { name: 'Pay $4.20?' });
  await expect(dialog).toContainText('Harbor Coffee · table 7');
  await screenshot(page, 'confirm');
  await dialog.getByRole('button', { name: 'Not now' }).click();
  await expect(result).toHaveText(
    'confirm: success {"confirm":false} [success, complete, resolved]',
  );
  result = await tap(lab, 'confirm');
  await dialog.getByRole('button', { name: 'Pay' }).click();
  await expect(result).toHaveText(
    'confirm: success {"confirm":true} [success, complete, resolved]',
  );
});

test('my.showToast: a status message over the mini program that goes away, then success', async ({
  page,
  wallet,
}) => {
  const lab = await openLab(wallet, LAB);
  const result = await tap(lab, 'showToast');
  const toast = page.getByRole('status', { name: 'Toast' });
  // The success mark is the wallet's SVG icon, not a text glyph that depends on the machine's fonts.
  await expect(toast).toHaveText('Added to your order');
  await expect(toast.locator('.jsapi-toast-icon[data-icon="check"] svg')).toBeVisible();
  await screenshot(page, 'toast');
  // success runs once the toast has gone (it shows for 2 s): by then the region is empty.
  await expect(result).toHaveText('showToast: success {} [success, complete, resolved]', {
    timeout: 6000,
  });
  await expect(toast).toHaveText('', { timeout: 500 });
});

test('my.showLoading shows a loading status until my.hideLoading', async ({ page, wallet }) => {
  const lab = await openLab(wallet, LAB);
  await expect(await tap(lab, 'showLoading')).toHaveText(
    'showLoading: success {} [success, complete, resolved]',
  );
  const loading = page.getByRole('status', { name: 'Loading' });
  await expect(loading).toHaveText('Brewing…');
  await screenshot(page, 'loading');
  await expect(await tap(lab, 'hideLoading')).toHaveText(
    'hideLoading: success {} [success, complete, resolved]',
  );
  await expect(loading).toHaveText('');
});

test('storage: the async and sync forms share one store, kept per persona and never under the userId', async ({
  page,
  wallet,
  sandbox,
}) => {
  // Four wallet visits as two personas: slow on a busy machine, and every step waits on an answer.
  test.slow();
  let lab = await openLab(wallet, LAB);
  await lab.getByLabel('Storage value').fill('oat milk');
  await expect(await tap(lab, 'setStorage')).toHaveText(
    'setStorage: success {} [success, complete, resolved]',
  );
  await expect(await tap(lab, 'getStorageSync')).toHaveText(
    'getStorageSync: returned {"data":{"value":"oat milk"}}',
  );
  const keys = await page
    .frames()
    .find((f) => f.name() === 'mini-program')!
    .evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k.startsWith('mp-sandbox:'))).toEqual([
    expect.stringMatching(/^mp-sandbox:ns[0-9a-f]{18}:lab$/),
  ]);
  expect(keys.join()).not.toContain(sandbox.personaId('ana'));
  expect(keys.join()).not.toContain('ana');

  lab = await openLab(wallet, LAB, 'chen');
  await expect(await tap(lab, 'getStorage')).toHaveText(
    'getStorage: success {"data":null} [success, complete, resolved]',
  );
  await lab.getByLabel('Storage value').fill("chen's");
  await expect(await tap(lab, 'setStorageSync')).toHaveText(
    'setStorageSync: returned {"success":true}',
  );

  lab = await openLab(wallet, LAB, 'ana');
  await expect(await tap(lab, 'getStorageSync')).toHaveText(
    'getStorageSync: returned {"data":{"value":"oat milk"}}',
  );
  await expect(await tap(lab, 'clearStorage')).toHaveText(
    'clearStorage: success {"success":true} [success, complete, resolved]',
  );
  await expect(await tap(lab, 'getStorageSync')).toHaveText(
    'getStorageSync: returned {"data":null}',
  );

  lab = await openLab(wallet, LAB, 'chen');
  await expect(await tap(lab, 'getStorageSync')).toHaveText(
    'getStorageSync: returned {"data":{"value":"chen\'s"}}',
  );
  await expect(await tap(lab, 'removeStorageSync')).toHaveText(
    'removeStorageSync: returned {"success":true}',
  );
  await expect(await tap(lab, 'getStorage')).toHaveText(
    'getStorage: success {"data":null} [success, complete, resolved]',
  );
});

test("storage is per app: another app on the same origin does not see the lab's data", async ({
  wallet,
}) => {
  let lab = await openLab(wallet, LAB);
  await expect(await tap(lab, 'setStorageSync')).toHaveText(
    'setStorageSync: returned {"success":true}',
  );
  lab = await openLab(wallet, SCRIPT_LAB);
  await expect(await tap(lab, 'getStorageSync')).toHaveText(
    'getStorageSync: returned {"data":null}',
  );
});

test("my.request: the app's own origin is allowed, an unregistered domain is refused with error 4", async ({
  page,
  wallet,
}) => {
  const lab = await openLab(wallet, LAB);
  await expect(await tap(lab, 'request own origin')).toHaveText(
    'request own origin: success {"status":200,"data":{"drink":"flat white","price":4.2}} [success, complete, resolved]',
  );
  const refused = await tap(lab, 'request unregistered');
  await expect(refused).toContainText(
    `request unregistered: fail {"error":4,"errorMessage":"No permission: https://unregistered.example is not a request domain of ${LAB.name} (${LAB.appId})`,
  );
  await expect(refused).toContainText('[fail, failed, complete, rejected]');
});

test('my.request reaches a domain the app registered', async ({ wallet, sandbox }) => {
  // Both preconditions are asserted, so losing either fails here with its reason.
  const registered = (await sandbox.apps()).find((a) => a.appId === LAB.appId);
  expect(registered?.requestDomains, "the platform keeps an app's requestDomains").toEqual([
    stack.urls.merchant,
  ]);
  const preflight = await fetch(`${stack.urls.merchant}/healthz`, {
    headers: { Origin: stack.urls.shell },
  });
  expect(
    preflight.headers.get('access-control-allow-origin'),
    'the sample merchant allows the shell origin (my.request is sent from the shell)',
  ).toBe(stack.urls.shell);
  const lab = await openLab(wallet, LAB);
  await expect(await tap(lab, 'request merchant')).toHaveText(
    'request merchant: success {"status":200,"data":{"status":"ok","part":"merchant"}} [success, complete, resolved]',
  );
});

test('my.getOpenUserInfo: 40006 before the user grants a profile scope, the nickname after', async ({
  page,
  wallet,
}) => {
  const lab = await openLab(wallet, LAB);
  await expect(await tap(lab, 'getOpenUserInfo')).toContainText(
    'getOpenUserInfo: success {"code":"40006","msg":"Insufficient Permissions"',
  );
  await tap(lab, 'getAuthCode auth_user');
  await page.getByRole('dialog', { name: LAB.name }).getByRole('button', { name: 'Allow' }).click();
  await expect(lab.getByRole('status', { name: 'Result' })).toHaveText(
    'getAuthCode auth_user: success {"authSuccessScopes":["auth_user"]} [success, complete, resolved]',
  );
  await expect(await tap(lab, 'getOpenUserInfo')).toHaveText(
    /^getOpenUserInfo: success \{"code":"10000","msg":"Success","nickName":"[^"]+".*\} \[success, complete, resolved\]$/,
  );
});

test('an API the sandbox lacks fails with error 1 and a console hint naming what is supported', async ({
  page,
  wallet,
}) => {
  const warnings: string[] = [];
  page.on(
    'console',
    (message) => void (message.type() === 'warning' && warnings.push(message.text())),
  );
  const lab = await openLab(wallet, LAB);
  await expect(await tap(lab, 'scanCode')).toHaveText(
    'scanCode: fail {"error":1,"errorMessage":"JSAPI not supported: my.scanCode is not available in the sandbox"} [fail, failed, complete, rejected]',
  );
  expect(warnings.find((w) => w.includes('my.scanCode is not supported by the sandbox'))).toContain(
    'Supported: alert, canIUse, clearStorage',
  );
  await expect(await tap(lab, "canIUse('scanCode')")).toHaveText(
    "canIUse('scanCode'): returned false",
  );
});

test('the script-tag form: dist/my.js defines window.my, and it works in the shell', async ({
  page,
  wallet,
}) => {
  const lab = await openLab(wallet, SCRIPT_LAB);
  await expect(lab.getByText('my from <script src="my.js"> (window.my)')).toBeVisible();
  await expect(await tap(lab, 'getAppIdSync')).toHaveText(
    `getAppIdSync: returned {"appId":"${SCRIPT_LAB.appId}"}`,
  );
  await tap(lab, 'alert');
  await page
    .getByRole('alertdialog', { name: 'Order ready' })
    .getByRole('button', { name: 'Got it' })
    .click();
  await expect(lab.getByRole('status', { name: 'Result' })).toHaveText(
    'alert: success {} [success, complete, resolved]',
  );
});

test('outside the shell, my says so once, loudly, and every call fails with the reason', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  await page.goto(`${stack.urls.miniProgram}/lab.html`);
  const result = page.getByRole('status', { name: 'Result' });
  await page.getByRole('button', { name: 'getAppIdSync' }).click();
  await expect(result).toContainText(
    'getAppIdSync: threw {"error":3,"errorMessage":"Unknown error!: my.* refused: this page is not inside the sandbox\'s super-app shell: it is the top-level page',
  );
  await page.getByRole('button', { name: 'alert', exact: true }).click();
  await expect(result).toContainText('alert: fail {"error":3');
  await expect(result).toContainText('[fail, failed, complete, rejected]');
  expect(errors.filter((e) => e.includes("The sandbox's my.* cannot run here"))).toHaveLength(1);
});

test('the shell drops malformed messages and counts them, and refuses bad parameters with error 2', async ({
  page,
  wallet,
}) => {
  const warnings: string[] = [];
  page.on(
    'console',
    (message) => void (message.type() === 'warning' && warnings.push(message.text())),
  );
  await openLab(wallet, LAB);
  const frame = page.frames().find((f) => f.name() === 'mini-program')!;
  const shellOrigin = stack.urls.shell;
  const reply = await frame.evaluate(
    ({ tag, shellOrigin }) =>
      new Promise((resolve) => {
        window.parent.postMessage(
          { tag, kind: 'call', id: 'x1', method: 'noSuchApi', params: {} },
          shellOrigin,
        );
        window.parent.postMessage('garbage', shellOrigin);
        window.addEventListener('message', (event) => {
          if (event.data?.kind === 'reply' && event.data.id === 'bad1') resolve(event.data);
        });
        window.parent.postMessage(
          { tag, kind: 'call', id: 'bad1', method: 'alert', params: { title: 42 } },
          shellOrigin,
        );
      }),
    { tag: BRIDGE_TAG, shellOrigin },
  );
  expect(reply).toEqual({
    tag: BRIDGE_TAG,
    kind: 'reply',
    id: 'bad1',
    ok: false,
    error: {
      error: 2,
      errorMessage: 'Invalid parameter: my.alert: title must be a string, not number 42',
    },
  });
  expect(
    warnings.filter((w) => w.includes(`dropped a malformed message from ${LAB.name}`)),
  ).toEqual([expect.stringContaining('(1 so far)'), expect.stringContaining('(2 so far)')]);
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
});
