import { useEffect, useRef, type RefObject } from 'react';
import { BRIDGE_TAG, type HostEvent, type MiniProgramApp } from '@mp-sandbox/protocol';
import { useTheme } from '../theme';

/**
 * Tells an open mini program when the wallet's theme changes, as a real container does: the jsapi
 * updates `my.getSystemInfo().theme` and calls the app's `my.onThemeChange` listeners. Sent to the
 * app's registered origin only, like every reply of the bridge.
 */
export function useThemeEvents(
  frame: RefObject<HTMLIFrameElement | null>,
  app: MiniProgramApp,
): void {
  const { theme } = useTheme();
  // The app was launched with the theme of its first render: only a change is news.
  const told = useRef(theme);
  useEffect(() => {
    if (told.current === theme) return;
    told.current = theme;
    const event: HostEvent = {
      tag: BRIDGE_TAG,
      kind: 'event',
      name: 'themeChange',
      data: { theme },
    };
    frame.current?.contentWindow?.postMessage(event, new URL(app.url).origin);
  }, [frame, app.url, theme]);
}
