import type { JsapiContext } from './context.js';

export type Theme = 'light' | 'dark';
export type ThemeChangeListener = (result: { theme: Theme }) => void;

/**
 * `my.onThemeChange` / `my.offThemeChange`: the wallet's light or dark theme changed while the app
 * is open. Not in `@mini-types/my`; named and shaped as the other mini program containers do it
 * (`onThemeChange(listener)`, the listener gets `{ theme }`). `my.getSystemInfo().theme` follows:
 * it has the new theme before any listener runs.
 */
export interface ThemeApis {
  onThemeChange(listener: ThemeChangeListener): void;
  /** Without a listener, removes them all. */
  offThemeChange(listener?: ThemeChangeListener): void;
}

export function themeApis({ bridge, launch }: JsapiContext): ThemeApis {
  const listeners = new Set<ThemeChangeListener>();
  bridge.onEvent((event) => {
    if (event.name !== 'themeChange') return;
    launch.systemInfo.theme = event.data.theme;
    for (const listener of [...listeners]) {
      try {
        listener({ theme: event.data.theme });
      } catch (error) {
        // One listener's bug must not keep the others from hearing the change.
        console.error('[my] an onThemeChange listener threw', error);
      }
    }
  });
  return {
    onThemeChange: (listener) => {
      if (typeof listener === 'function') listeners.add(listener);
    },
    offThemeChange: (listener) => {
      if (listener === undefined) listeners.clear();
      else listeners.delete(listener);
    },
  };
}
