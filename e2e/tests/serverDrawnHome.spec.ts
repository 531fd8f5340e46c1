import type { Page, Request, Route } from '@playwright/test';
import { expect, test } from '@mp-sandbox/playwright';
import { CONTROL_PATHS } from '@mp-sandbox/protocol';
import { stack } from '../support/stack';

// The wallet's home drawn by the launcher's server (issue 9, bench 5; apps/shell/src/ssr): the
// page arrives with the home in it, so it is painted before any script runs, in the holder's
// language; the script then hydrates that screen (the same markup, now live) from the answers
// the page carries, without asking the platform for them again.

const HOME_CALLS = [CONTROL_PATHS.apps, CONTROL_PATHS.personas, CONTROL_PATHS.wallets].map(
  (path) => `/platform${path}`,
);

/** Holds the wallet's main script until `release()`: until then, no script of the shell's has run. */
async function holdMainScript(page: Page) {
  const held: Route[] = [];
  let released = false;
  await page.route('**/assets/index-*.js', (route) =>
    released ? route.continue() : void held.push(route),
  );
  return async () => {
    released = true;
    for (const route of held.splice(0)) await route.continue();
  };
}

/** The home's own calls the page makes (there should be none: their answers are in the page). */
function homeCalls(page: Page): Request[] {
  const calls: Request[] = [];
  page.on('request', (request) => {
    if (HOME_CALLS.includes(new URL(request.url()).pathname)) calls.push(request);
  });
  return calls;
}

/** Every warning and error the page logs, and its uncaught errors. */
function complaints(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (error) => seen.push(`pageerror: ${error.message}`));
  return seen;
}

/** The phone as the server sent it, serialised by this browser (so both sides are compared alike). */
function serverPhone(page: Page, html: string): Promise<string | undefined> {
  return page.evaluate(
    (source) =>
      new DOMParser().parseFromString(source, 'text/html').querySelector('main.phone')?.outerHTML,
    html,
  );
}

test('the home is painted from the server before any script runs, then hydrated as it is, asking nothing twice', async ({
  page,
  sandbox,
}) => {
  const release = await holdMainScript(page);
  const calls = homeCalls(page);
  const logged = complaints(page);
  const ana = sandbox.personaId('ana');

  const response = await page.goto(`${stack.urls.shell}/?persona=${ana}`, { waitUntil: 'commit' });
  const html = await response!.text();
  // No script of the wallet's has run, and the home is there, for the persona the link names.
  await expect(page.getByRole('heading', { name: 'Mini programs' })).toBeVisible();
  await expect(page.getByText('Ana Lucía García Torres')).toBeVisible();

  // The console's first calls are answered once the page is live: the home's own would have left by then.
  const consoleLive = page.waitForResponse(
    (r) => new URL(r.url()).pathname === `/platform${CONTROL_PATHS.consentPolicies}`,
  );
  await release();
  await expect(page.getByRole('complementary', { name: 'Sandbox console' })).toBeVisible();
  await consoleLive;

  expect(await page.locator('main.phone').evaluate((phone) => phone.outerHTML)).toBe(
    await serverPhone(page, html),
  );
  expect(calls.map((c) => c.url())).toEqual([]);
  expect(logged).toEqual([]);

  // Hydrated: the server's buttons now work.
  await page.getByRole('button', { name: 'Switch user' }).click();
  await expect(page.getByRole('dialog', { name: 'Switch user' })).toBeVisible();
});

test('a persona who speaks Spanish: the home is in Spanish from the first frame, never English first', async ({
  page,
  sandbox,
  request,
}) => {
  const chen = sandbox.personaId('chen');
  expect(
    (
      await request.patch(`${stack.urls.platform}/sandbox/v1/personas/${chen}`, {
        data: { language: 'es' },
      })
    ).ok(),
  ).toBe(true);
  // Every heading the page ever had, from the first one parsed.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { headingsSeen: string[] }).headingsSeen = seen;
    new MutationObserver(() => {
      for (const h of Array.from(document.querySelectorAll('h1'))) {
        const text = h.textContent?.trim() ?? '';
        if (!seen.includes(text)) seen.push(text);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  const release = await holdMainScript(page);
  const logged = complaints(page);

  await page.goto(`${stack.urls.shell}/?persona=${chen}`, { waitUntil: 'commit' });
  await expect(page.getByRole('heading', { name: 'Miniprogramas' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await release();
  await expect(page.getByRole('complementary', { name: 'Sandbox console' })).toBeVisible();
  await page.getByRole('button', { name: 'Cambiar de usuario' }).click();
  await expect(page.getByRole('dialog', { name: 'Cambiar de usuario' })).toBeVisible();

  const headings = await page.evaluate(
    () => (window as unknown as { headingsSeen: string[] }).headingsSeen,
  );
  expect(headings).toContain('Miniprogramas');
  expect(headings).not.toContain('Mini programs');
  expect(logged).toEqual([]);
});

test('a click made before the script has run is not lost: it happens once the page is live', async ({
  page,
  sandbox,
}) => {
  const release = await holdMainScript(page);
  await page.goto(`${stack.urls.shell}/?persona=${sandbox.personaId('ana')}`, {
    waitUntil: 'commit',
  });
  await page.getByRole('button', { name: 'Switch user' }).click();
  await expect(page.getByRole('dialog', { name: 'Switch user' })).toHaveCount(0);
  await release();
  await expect(page.getByRole('dialog', { name: 'Switch user' })).toBeVisible();
});
