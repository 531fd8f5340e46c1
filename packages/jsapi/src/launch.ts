import { decodeLaunchParams, LAUNCH_PARAM, type SandboxLaunchParams } from '@mp-sandbox/protocol';

export interface LaunchReading {
  launch?: SandboxLaunchParams;
  /** Set when the parameter was there but could not be used. */
  problem?: string;
}

/** Where the launch parameters are kept for this tab, so a reload of the frame still has them. */
export const LAUNCH_MEMORY_KEY = 'mp-sandbox/launch';

export function withoutLaunchParam(search: string): string {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && pair.split('=')[0] !== LAUNCH_PARAM);
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

function remembered(self: Window): string | undefined {
  try {
    return self.sessionStorage?.getItem(LAUNCH_MEMORY_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function remember(self: Window, encoded: string): void {
  try {
    self.sessionStorage?.setItem(LAUNCH_MEMORY_KEY, encoded);
  } catch {
    // Storage blocked: a reload of the frame will then need the wallet to reopen the app.
  }
}

/**
 * Reads the launch parameters the shell put in this page's URL and takes them out of the visible
 * URL (history.replaceState, other parameters and the hash untouched), so the app's router never
 * sees them. Runs once, when the jsapi loads, before the app's own code.
 */
export function takeLaunchParams(self: Window): LaunchReading {
  const search = self.location.search ?? '';
  const fromUrl = new URLSearchParams(search).get(LAUNCH_PARAM);
  if (fromUrl !== null) {
    const { pathname, hash } = self.location;
    try {
      self.history.replaceState(
        self.history.state,
        '',
        `${pathname}${withoutLaunchParam(search)}${hash}`,
      );
    } catch {
      // A page that may not rewrite its URL keeps the parameter visible; nothing else changes.
    }
  }
  const encoded = fromUrl ?? remembered(self);
  if (encoded === undefined) return {};
  const decoded = decodeLaunchParams(encoded);
  if (typeof decoded === 'string') return { problem: decoded };
  if (fromUrl !== null) remember(self, encoded);
  return { launch: decoded };
}
