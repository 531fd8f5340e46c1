import { BRIDGE_TAG } from './bridge.js';

/**
 * The mini program tells the shell which of its pages is showing: once when a page loads, and
 * when its own router moves (history.pushState, replaceState, Back, a #hash). The shell keeps it in
 * its URL (`&page=`), so a link reopens the app at that page. It is a notice, with no reply.
 */
export interface PageReport {
  tag: typeof BRIDGE_TAG;
  kind: 'page';
  /** The page's path, query and hash on the app's own origin: `/lab.html?form=script#/orders`. */
  path: string;
}

/** Validates a page report; anything else (or a path that is not on the sender's origin) is undefined. */
export function parsePageReport(data: unknown): PageReport | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { tag, kind, path } = data as Record<string, unknown>;
  if (tag !== BRIDGE_TAG || kind !== 'page' || typeof path !== 'string') return undefined;
  // A path of the sender's own origin: one slash, then anything but a second slash (no //host).
  if (path.length > 2048 || !/^\/(?!\/)/.test(path)) return undefined;
  return { tag: BRIDGE_TAG, kind: 'page', path };
}
