import type { Route } from '@playwright/test';
import { expect, test } from '@mp-sandbox/playwright';
import { CONTROL_PATHS } from '@mp-sandbox/protocol';
import { stack } from '../support/stack';

// What makes the wallet's first screen fast when the browser draws it (issue 9, bench 5): its calls
// leave from index.html while the main script is still on its way, the queries use those answers
// instead of asking again, and the console (a chunk of its own) comes after the home screen. The
// launcher's server draws the home itself when it can (serverDrawnHome.spec.ts); a link it leaves
// to the browser (here an unknown ?lang=, which the wallet shows with a notice) gets this page.

/** A home link the server does not draw. */
const BROWSER_DRAWN = '/?lang=xx';

const FIRST_SCREEN_CALLS = [CONTROL_PATHS.apps, CONTROL_PATHS.personas, CONTROL_PATHS.wallets].map(
  (path) => `/platform${path}`,
);

/** Holds every request matching `url` until `release()`. */
async function hold(page: import('@playwright/test').Page, url: string) {
  const held: Route[] = [];
  let released = false;
  await page.route(url, (route) => (released ? route.continue() : void held.push(route)));
  return {
    release: async () => {
      released = true;
      for (const route of held.splice(0)) await route.continue();
    },
  };
}

test('the home screen is drawn from the calls index.html sends before the main script runs, and the console comes after it', async ({
  page,
}) => {
  const mainScript = await hold(page, '**/assets/index-*.js');
  const consoleChunk = await hold(page, '**/assets/SandboxConsole-*.js');
  // Once the main script may run, every further platform call is held: what the home screen
  // shows can then only come from the answers to the document's own calls.
  const later: Route[] = [];
  let scriptReleased = false;
  await page.route('**/platform/**', (route) =>
    scriptReleased ? void later.push(route) : route.continue(),
  );

  const early = FIRST_SCREEN_CALLS.map((path) =>
    page.waitForRequest((request) => new URL(request.url()).pathname === path),
  );
  await page.goto(`${stack.urls.shell}${BROWSER_DRAWN}`, { waitUntil: 'commit' });
  // All three leave while the main script is held: the document itself sent them.
  await Promise.all(early.map(async (request) => (await request).response()));
  await expect(page.getByRole('heading', { name: 'Mini programs' })).toHaveCount(0);

  scriptReleased = true;
  await mainScript.release();
  await expect(page.getByRole('heading', { name: 'Mini programs' })).toBeVisible();
  await expect(page.getByText('Signed in as')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Sandbox console' })).toHaveCount(0);

  await page.unroute('**/platform/**');
  for (const route of later.splice(0)) await route.continue();
  await consoleChunk.release();
  await expect(page.getByRole('complementary', { name: 'Sandbox console' })).toBeVisible();
});
