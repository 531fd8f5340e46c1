import { execFileSync } from 'node:child_process';
import { expect as baseExpect, test, type SandboxClient } from '@mp-sandbox/playwright';
import type { Page } from '@playwright/test';
import { REPO_ROOT, stack } from '../support/stack';

// Devices, languages and shareable state (issue 13): the phone the wallet plays and the language it
// speaks, chosen by URL, menu, persona or browser, reflected in the frame and in my.getSystemInfo,
// and one link that reproduces a screen. A theme change reaches an open mini program.

// Waits as long as the kit's (15 s): the suite shares a busy 2-core machine. Each wait ends on an
// event (a frame loaded, a URL changed), never on a time.
const expect = baseExpect.configure({ timeout: 15_000 });

interface SystemInfo {
  model: string;
  platform: string;
  system: string;
  brand: string;
  version: string;
  language: string;
  theme?: string;
  pixelRatio: number;
  screenWidth: number;
  screenHeight: number;
  windowWidth: number;
  windowHeight: number;
  statusBarHeight: number;
  titleBarHeight: number;
  isIphoneXSeries: boolean;
  safeArea?: {
    left: number;
    right: number;
    top: number;
    bottom: number;
    width: number;
    height: number;
  };
}
type LabWindow = {
  my?: {
    getSystemInfoSync(): SystemInfo;
    onThemeChange(listener: (r: { theme: string }) => void): void;
  };
  themes?: string[];
};

test.beforeAll(() => {
  // The lab's script-tag form loads the jsapi's my.js, which only the package's build makes.
  execFileSync('npm', ['run', 'build', '--silent', '-w', '@mp-sandbox/jsapi'], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
});

/** The JSAPI lab, by <script src="my.js">: `my` is a global the test can call in the frame. */
async function registerLab(sandbox: SandboxClient) {
  return sandbox.registerApp({
    name: `Lab ${sandbox.namespace} ${test.info().testId.slice(-8)}`,
    url: `${stack.urls.miniProgram}/lab.html?form=script`,
    authClientId: '2024SANDBOXMERCHANT01',
  });
}

const frame = (page: Page) => page.frame({ name: 'mini-program' });

/** my.getSystemInfoSync() in the open mini program, once its `my` is there. */
async function systemInfo(page: Page): Promise<SystemInfo> {
  await expect
    .poll(() =>
      frame(page)
        ?.evaluate(() => typeof (window as LabWindow).my)
        .catch(() => undefined),
    )
    .toBe('object');
  return frame(page)!.evaluate(() => (window as LabWindow).my!.getSystemInfoSync());
}

const phone = (page: Page) => page.getByRole('main');
const display = (page: Page) => page.getByRole('region', { name: 'Display' });

test("?device= plays that phone: the frame's size and cutout, and my.getSystemInfo as the phone reports it", async ({
  page,
  sandbox,
}) => {
  const lab = await registerLab(sandbox);
  await page.goto(
    `${stack.urls.shell}/?persona=${sandbox.personaId('ana')}&device=galaxy-s23&app=${lab.appId}`,
  );
  // The screen inside the bezel is the phone's own width in CSS pixels.
  expect(await phone(page).evaluate((el) => el.clientWidth)).toBe(360);
  expect(await page.locator('html').getAttribute('data-cutout')).toBe('punch-hole');
  const info = await systemInfo(page);
  expect(info).toMatchObject({
    model: 'SM-S911B',
    brand: 'samsung',
    platform: 'Android',
    system: '14',
    pixelRatio: 3,
    // Android clients report the screen in physical pixels, the window in CSS pixels.
    screenWidth: 1080,
    screenHeight: 2340,
    windowWidth: 360,
    statusBarHeight: 24,
    titleBarHeight: 48,
    isIphoneXSeries: false,
    language: 'en',
    safeArea: { left: 0, right: 360, top: 24, bottom: 780, width: 360, height: 756 },
  });
  expect(await display(page).getByLabel('Device').inputValue()).toBe('galaxy-s23');
});

test('the Device menu changes the phone, keeps it in the URL, and a mini program opened then is told', async ({
  page,
  wallet,
  sandbox,
}) => {
  const lab = await registerLab(sandbox);
  await wallet.goto();
  await display(page).getByLabel('Device').selectOption('iphone-se');
  expect(new URL(page.url()).searchParams.get('device')).toBe('iphone-se');
  await expect.poll(() => phone(page).evaluate((el) => el.clientWidth)).toBe(375);
  expect(await page.locator('html').getAttribute('data-cutout')).toBe('none');

  await page.reload();
  await expect(display(page).getByLabel('Device')).toHaveValue('iphone-se');
  await page.getByRole('button', { name: lab.name, exact: true }).click();
  expect(await systemInfo(page)).toMatchObject({
    model: 'iPhone14,6',
    platform: 'iOS',
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 667,
    statusBarHeight: 20,
    isIphoneXSeries: false,
    safeArea: { top: 20, bottom: 667 },
  });

  // On a Dynamic Island iPhone, the wallet's status bar is as tall as the top safe area.
  await display(page).getByLabel('Device').selectOption('iphone-15-pro-max');
  await expect
    .poll(() => page.locator('.status-bar').evaluate((el) => el.getBoundingClientRect().height))
    .toBe(59);
  // The mini program starts afresh on the new phone: until it has, the old one still answers.
  await expect
    .poll(() =>
      frame(page)
        ?.evaluate(() => (window as LabWindow).my?.getSystemInfoSync())
        .catch(() => undefined),
    )
    .toMatchObject({
      model: 'iPhone16,2',
      screenWidth: 430,
      isIphoneXSeries: true,
      safeArea: { top: 59, bottom: 898 },
    });
});

test.describe('in a browser set to Brazilian Portuguese', () => {
  test.use({ locale: 'pt-BR' });

  test('the wallet speaks it, <html lang> says so, and my.getSystemInfo().language is pt-BR; ?lang= overrides it', async ({
    page,
    sandbox,
  }) => {
    const lab = await registerLab(sandbox);
    await page.goto(`${stack.urls.shell}/?persona=${sandbox.personaId('ana')}`);
    await expect(page.getByRole('heading', { name: 'Miniprogramas' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await expect(page.getByRole('button', { name: 'Trocar de usuário' })).toBeVisible();
    // Numbers follow the language too.
    await expect(page.getByRole('region', { name: 'Saldo' })).toContainText(/US\$\s1\.284,50/);
    await page.getByRole('button', { name: lab.name, exact: true }).click();
    expect((await systemInfo(page)).language).toBe('pt-BR');

    await page.goto(`${stack.urls.shell}/?persona=${sandbox.personaId('ana')}&lang=en`);
    await expect(page.getByRole('heading', { name: 'Mini programs' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test("a persona's own language: the wallet speaks it for them, the URL still wins, another user brings theirs", async ({
  page,
  wallet,
  sandbox,
  request,
}) => {
  const chen = sandbox.personaId('chen');
  const patch = (language: unknown) =>
    request.patch(`${stack.urls.platform}/sandbox/v1/personas/${chen}`, { data: { language } });
  // A language the wallet does not speak is refused with what to send instead.
  const refused = await patch('fr');
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain('en, es, pt-BR, zh-Hans');
  expect((await patch('es')).ok()).toBe(true);

  await page.goto(`${stack.urls.shell}/?persona=${chen}`);
  await expect(page.getByRole('heading', { name: 'Miniprogramas' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.getByRole('button', { name: 'Cambiar de usuario' }).click();
  await page
    .getByRole('dialog', { name: 'Cambiar de usuario' })
    .getByRole('button', { name: /Ana Lucía/ })
    .click();
  // Ana set no language: the browser's (English here).
  await expect(page.getByRole('heading', { name: 'Mini programs' })).toBeVisible();

  await page.goto(`${stack.urls.shell}/?persona=${chen}&lang=en`);
  await expect(page.getByRole('heading', { name: 'Mini programs' })).toBeVisible();
  await wallet.switchPersona('chen');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('?lang=es: the consent sheet and the JSAPI dialogs speak Spanish', async ({
  page,
  sandbox,
}) => {
  await page.goto(`${stack.urls.shell}/?persona=${sandbox.personaId('ana')}&lang=es`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.getByRole('button', { name: 'Scope Tester', exact: true }).click();
  const tester = page.frameLocator('iframe[name="mini-program"]');
  await tester.getByLabel(/Scopes/).fill('USER_NICKNAME, USER_ADDRESS');
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  const sheet = page.getByRole('dialog', { name: 'Scope Tester' });
  await expect(sheet).toContainText('Scope Tester quiere:');
  const access = sheet.getByRole('list', { name: 'Acceso solicitado' });
  await expect(access.getByRole('listitem')).toHaveText([
    'Ver tu apodoApodo',
    'Ver tus direccionesDirecciones de entrega',
  ]);
  await expect(sheet.getByRole('button', { name: 'Rechazar' })).toBeFocused();
  await sheet.getByRole('button', { name: 'Permitir' }).click();
  await expect(tester.getByRole('status')).toContainText('success');
  expect(await page.getByRole('button', { name: 'Atrás' }).count()).toBe(1);
});

test('the Language menu switches to Simplified Chinese at once, and the link keeps it', async ({
  page,
  wallet,
}) => {
  await wallet.goto();
  await display(page).getByLabel('Language').selectOption('zh-Hans');
  await expect(page.getByRole('heading', { name: '小程序', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  expect(new URL(page.url()).searchParams.get('lang')).toBe('zh-Hans');
  await page.getByRole('button', { name: '切换用户' }).click();
  await expect(page.getByRole('dialog', { name: '切换用户' })).toBeVisible();
});

test('a theme change reaches an open mini program: my.onThemeChange fires and getSystemInfo().theme follows', async ({
  page,
  sandbox,
}) => {
  const lab = await registerLab(sandbox);
  await page.goto(
    `${stack.urls.shell}/?persona=${sandbox.personaId('ana')}&theme=light&app=${lab.appId}`,
  );
  expect((await systemInfo(page)).theme).toBe('light');
  await frame(page)!.evaluate(() => {
    const w = window as LabWindow;
    w.themes = [];
    w.my!.onThemeChange(({ theme }) =>
      w.themes!.push(`${theme}/${w.my!.getSystemInfoSync().theme}`),
    );
  });
  const theme = display(page).getByLabel('Theme');
  await theme.selectOption('dark');
  await expect
    .poll(() => frame(page)!.evaluate(() => (window as LabWindow).themes))
    .toEqual(['dark/dark']);
  await theme.selectOption('light');
  await expect
    .poll(() => frame(page)!.evaluate(() => (window as LabWindow).themes))
    .toEqual(['dark/dark', 'light/light']);
});

test('one link reproduces a QA finding: persona, device, language, theme, app and page', async ({
  page,
  sandbox,
}) => {
  const bruno = sandbox.personaId('bruno');
  const link = `${stack.urls.shell}/?persona=${bruno}&device=pixel-8&lang=pt-BR&theme=dark&app=3333010071465913&page=%2Fscopes.html`;
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Harbor Coffee', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Fechar o miniprograma' })).toBeVisible();
  expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
  expect(await phone(page).evaluate((el) => el.clientWidth)).toBe(412);
  await expect(
    page.frameLocator('iframe[name="mini-program"]').getByRole('button', { name: 'Get auth code' }),
  ).toBeVisible();
  const url = new URL(page.url());
  for (const [name, value] of Object.entries({
    persona: bruno,
    device: 'pixel-8',
    lang: 'pt-BR',
    theme: 'dark',
    page: '/scopes.html',
  })) {
    expect(url.searchParams.get(name), name).toBe(value);
  }
});

test("the URL follows the mini program's own pages, and Back and Forward move between them", async ({
  page,
  wallet,
}) => {
  const harbor = await wallet.open('Harbor Coffee');
  await expect(harbor.getByRole('button', { name: 'Log in with wallet' })).toBeVisible();
  const pageParam = () => new URL(page.url()).searchParams.get('page');
  const framePath = () =>
    frame(page)
      ?.evaluate(() => `${location.pathname}${location.hash}`)
      .catch(() => undefined);

  // A link of the app's own (a page load in the frame), then its router (pushState).
  await frame(page)!.evaluate(() => void (location.href = '/scopes.html'));
  await expect.poll(pageParam).toBe('/scopes.html');
  await expect(wallet.miniProgram.getByRole('button', { name: 'Get auth code' })).toBeVisible();
  await frame(page)!.evaluate(() => history.pushState(null, '', '/scopes.html#/advanced'));
  await expect.poll(pageParam).toBe('/scopes.html#/advanced');

  await page.goBack();
  await expect.poll(pageParam).toBe('/scopes.html');
  await expect.poll(framePath).toBe('/scopes.html');
  await page.goBack();
  await expect.poll(pageParam).toBeNull();
  await expect(
    wallet.miniProgram.getByRole('button', { name: 'Log in with wallet' }),
  ).toBeVisible();
  expect(new URL(page.url()).searchParams.get('app')).toBe('3333010071465913');
  await page.goForward();
  await expect.poll(pageParam).toBe('/scopes.html');
  await expect(wallet.miniProgram.getByRole('button', { name: 'Get auth code' })).toBeVisible();

  // The link now reopens the app at that page.
  await page.reload();
  await expect(wallet.miniProgram.getByRole('button', { name: 'Get auth code' })).toBeVisible();
  expect(pageParam()).toBe('/scopes.html');
});

test('a link whose persona speaks another language loads the mini program once, already in that language', async ({
  page,
  sandbox,
  request,
}) => {
  const chen = sandbox.personaId('chen');
  const patched = await request.patch(`${stack.urls.platform}/sandbox/v1/personas/${chen}`, {
    data: { language: 'es' },
  });
  expect(patched.ok()).toBe(true);
  const lab = await registerLab(sandbox);
  // Every document the mini program's frame asks its server for: a load in English that is then
  // thrown away for the Spanish one counts twice.
  const labOrigin = new URL(lab.url).origin;
  const loads: string[] = [];
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() !== page.mainFrame() && r.url().startsWith(labOrigin))
      loads.push(r.url());
  });

  await page.goto(`${stack.urls.shell}/?persona=${chen}&app=${lab.appId}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect
    .poll(() =>
      frame(page)
        ?.evaluate(() => (window as LabWindow).my?.getSystemInfoSync().language)
        .catch(() => undefined),
    )
    .toBe('es');
  expect(loads).toHaveLength(1);
  expect(new URL(loads[0]!).pathname).toBe('/lab.html');
});

test('an unknown ?lang= or ?device= says so, naming the ones the wallet has, and falls back', async ({
  page,
  sandbox,
}) => {
  const warnings: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  await page.goto(
    `${stack.urls.shell}/?persona=${sandbox.personaId('ana')}&lang=xx&device=nokia-3310`,
  );
  await expect(page.getByRole('heading', { name: 'Mini programs' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const notices = phone(page).getByRole('alert');
  await expect(notices.filter({ hasText: 'No language "xx"' })).toHaveText(
    'No language "xx": the wallet speaks en, es, pt-BR, zh-Hans. Showing English.',
  );
  await expect(notices.filter({ hasText: 'No device "nokia-3310"' })).toHaveText(
    'No device "nokia-3310": the phones are iphone-se, iphone-15, iphone-15-pro-max, pixel-8, galaxy-s23. Showing the iPhone 15.',
  );
  // The same in the browser's console, where a developer looks first.
  expect(warnings).toEqual(
    expect.arrayContaining([
      expect.stringContaining(
        '?lang=xx is not a language the wallet speaks (en, es, pt-BR, zh-Hans)',
      ),
      expect.stringContaining('?device=nokia-3310 is not a phone the wallet plays (iphone-se'),
    ]),
  );
  // Each can be dismissed to see what it covers; choosing from the menu clears the other.
  await notices.filter({ hasText: 'No device' }).getByRole('button', { name: 'Dismiss' }).click();
  await expect(notices).toHaveCount(1);
  await display(page).getByLabel('Language').selectOption('es');
  await expect(notices).toHaveCount(0);
});
