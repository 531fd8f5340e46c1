import { useEffect, useRef, type RefObject } from 'react';
import { parsePageReport, type MiniProgramApp } from '@mp-sandbox/protocol';

/**
 * Hears which page the mini program shows (the jsapi reports it at load and when its router moves).
 * Like every bridge message, a report counts only from the app's frame and its registered origin.
 * `onPage` gets the page's URL on the app's origin.
 */
export function usePageReports(
  frame: RefObject<HTMLIFrameElement | null>,
  app: MiniProgramApp,
  onPage: (url: string) => void,
): void {
  const latest = useRef(onPage);
  latest.current = onPage;
  useEffect(() => {
    const origin = new URL(app.url).origin;
    function onMessage(event: MessageEvent): void {
      if (
        !frame.current?.contentWindow ||
        event.source !== frame.current.contentWindow ||
        event.origin !== origin
      )
        return;
      const report = parsePageReport(event.data);
      if (report) latest.current(new URL(report.path, origin).toString());
    }
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [frame, app.url]);
}
