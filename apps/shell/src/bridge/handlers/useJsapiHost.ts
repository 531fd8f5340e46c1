import { useEffect, useMemo, useRef } from 'react';
import type { MiniProgramApp, Persona } from '@mp-sandbox/protocol';
import type { BridgeHandlers } from '../useBridgeHost';
import { useDevice } from '../../device';
import { useLanguage } from '../../i18n/language';
import { launchParamsFor, launchUrl } from './launchParams';
import { getOpenUserInfo } from './openUserInfo';
import { performRequest, RequestTasks } from './request';
import { useJsapiUi, type JsapiUi } from './useJsapiUi';

/** Every bridged JSAPI but getAuthCode, which the container runs with its consent sheet. */
export type JsapiHandlers = Omit<BridgeHandlers, 'getAuthCode'>;

export interface JsapiHost {
  /** The app's URL with its launch parameters: the iframe's `src`. */
  src: string;
  handlers: JsapiHandlers;
  /** For `<JsapiOverlay ui={…} />`. */
  ui: JsapiUi;
}

/**
 * The shell's side of the `my` JSAPIs for one open mini program: the URL that launches it, the
 * bridge handlers, and the UI state they drive. Requests still running when the app closes are
 * aborted.
 */
/** `entryUrl`: the page to open, on the app's origin (a deep link); the app's `url` by default. */
export function useJsapiHost(
  app: MiniProgramApp,
  persona: Persona,
  entryUrl: string = app.url,
): JsapiHost {
  const ui = useJsapiUi();
  const tasks = useRef(new RequestTasks());

  useEffect(() => {
    const running = tasks.current;
    return () => running.abortAll();
  }, []);

  // Computed once per app, persona, phone and language: a new src reloads the mini program, as a
  // real one starts afresh on another phone or after the wallet's language changed. A theme change
  // does not reload it: the container tells it (useThemeEvents).
  const { device } = useDevice();
  const { language } = useLanguage();
  const src = useMemo(
    () => launchUrl(entryUrl, launchParamsFor(app, persona, window.location.origin)),
    [app.appId, entryUrl, persona.id, device.id, language],
  );

  const handlers: JsapiHandlers = {
    getOpenUserInfo: () => getOpenUserInfo(app, persona),
    alert: ui.alert,
    confirm: ui.confirm,
    showToast: ui.showToast,
    showLoading: ui.showLoading,
    hideLoading: ui.hideLoading,
    request: (params) =>
      tasks.current.run(params.taskId, (signal) => performRequest(app, params, { signal })),
    abortRequest: async ({ taskId }) => {
      tasks.current.abort(taskId);
      return { success: true };
    },
  };

  return { src, handlers, ui };
}
