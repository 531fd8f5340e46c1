import { CONTROL_PATHS } from '@mp-sandbox/protocol';
import { expect, test } from '@mp-sandbox/playwright';
import type { Page } from '@playwright/test';

// The console's timeline tells the truth (issue 13): live at once, one card per login whatever
// decided it, each labelled for what decided, and fixes that name the real cause.

function sandboxConsole(page: Page) {
  return page.getByRole('complementary', { name: 'Sandbox console' });
}

test('the timeline is live through the shell\'s /platform proxy before any event or keep-alive', async ({ page, wallet, sandbox }) => {
  // A fresh namespace has no events to replay: only the stream's opening can make it live.
  await wallet.goto();
  await expect(sandboxConsole(page).getByRole('status').filter({ hasText: 'events' })).toHaveText('live · 0 events');

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
