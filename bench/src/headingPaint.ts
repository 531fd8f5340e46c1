/**
 * When the browser painted the wallet's home heading ("Mini programs"): the clock bench 5 judges
 * its first render by, and renderTrace.ts reads too. An init script (added to the context before
 * the page loads) marks the `h1` for the browser's Element Timing as soon as it is inserted, and
 * keeps its paint time. Element Timing's `renderTime` is when the frame holding the heading was
 * presented, so this clock includes layout and paint but not the measuring tool's own work.
 */
import type { BrowserContext, Page } from '@playwright/test';

export const HOME_HEADING = 'Mini programs';

const HEADING_PAINT_WATCH = `(() => {
  let painted;
  Object.defineProperty(window, '__benchHeadingPainted', { value: new Promise((resolve) => (painted = resolve)) });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.identifier === 'bench-home-heading') painted(performance.timeOrigin + (entry.renderTime || entry.loadTime));
  }).observe({ type: 'element', buffered: true });
  new MutationObserver(() => {
    for (const h of document.querySelectorAll('h1:not([elementtiming])'))
      if (h.textContent.trim() === ${JSON.stringify(HOME_HEADING)}) h.setAttribute('elementtiming', 'bench-home-heading');
  }).observe(document, { childList: true, subtree: true });
})();`;

/** Watches every page of `context` for the heading's paint; call before its first page. */
export async function watchHeadingPaint(context: BrowserContext): Promise<void> {
  await context.addInitScript(HEADING_PAINT_WATCH);
}

export interface HeadingPaint {
  /** When the heading was painted, epoch ms (NaN if the browser never reported it). */
  paintedAt: number;
  /** The page's navigation start (performance.timeOrigin), epoch ms. */
  navigationStart: number;
}

/** Waits for the heading's paint on a page of a watched context. */
export async function headingPaint(page: Page): Promise<HeadingPaint> {
  await page.getByRole('heading', { name: HOME_HEADING }).waitFor({ timeout: 120_000 });
  return page.evaluate(async () => ({
    paintedAt: await Promise.race([
      (window as unknown as { __benchHeadingPainted: Promise<number> }).__benchHeadingPainted,
      new Promise<number>((r) => setTimeout(() => r(Number.NaN), 10_000)),
    ]),
    navigationStart: performance.timeOrigin,
  }));
}
