import { BRIDGE_TAG, type PageReport } from '@mp-sandbox/protocol';
import type { Bridge } from './bridge.js';
import { withoutLaunchParam } from './launch.js';

/**
 * Tells the shell which page of the app is showing, so the wallet's URL names it (`&page=`) and a
 * link reopens the app there: at load, and whenever the app's own router moves (pushState,
 * replaceState, Back and Forward, a #hash). A page the shell did not frame reports nothing.
 */
export function reportPages(bridge: Bridge, self: Window): void {
  const host = bridge.hostOrigin;
  if (!bridge.hosted || !host || !self.location || !self.history) return;
  let last: string | undefined;
  const report = () => {
    const { pathname, search, hash } = self.location;
    // Never the launch parameter, should the page still carry it: it is the shell's to the app.
    const path = `${pathname}${withoutLaunchParam(search)}${hash}`;
    if (path === last) return;
    last = path;
    try {
      self.parent.postMessage({ tag: BRIDGE_TAG, kind: 'page', path } satisfies PageReport, host);
    } catch {
      // The shell went away: nothing to tell.
    }
  };
  // The router's own calls: wrapped after the jsapi took its launch parameter out of the URL.
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = self.history[name];
    if (typeof original !== 'function') continue;
    self.history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      report();
    };
  }
  self.addEventListener('popstate', report);
  self.addEventListener('hashchange', report);
  report();
}
