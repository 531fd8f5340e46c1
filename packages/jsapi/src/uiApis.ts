import type {
  AlertParams,
  ConfirmParams,
  ConfirmResult,
  EmptyResult,
  ShowLoadingParams,
  ShowToastParams,
} from '@mp-sandbox/protocol';
import { callbacksOf, nothing, pickParams, settle, type Callbacks } from './callbacks.js';
import type { JsapiContext } from './context.js';

export type AlertOptions = AlertParams & Callbacks<EmptyResult>;
export type ConfirmOptions = ConfirmParams & Callbacks<ConfirmResult>;
export type ShowToastOptions = ShowToastParams & Callbacks<EmptyResult>;
export type ShowLoadingOptions = ShowLoadingParams & Callbacks<EmptyResult>;
/** `page` (which page's loading to hide) is accepted; the sandbox has one loading per app. */
export type HideLoadingOptions = { page?: unknown } & Callbacks<EmptyResult>;

/** Dialogs, toasts and the loading indicator: the shell draws them over the mini program. */
export interface UiApis {
  /** `success` is called when the user has tapped the button. */
  alert(options?: AlertOptions): Promise<void>;
  confirm(options?: ConfirmOptions): Promise<ConfirmResult>;
  /** `success` is called when the toast has gone, as on the platform. */
  showToast(options?: ShowToastOptions): Promise<void>;
  showLoading(options?: ShowLoadingOptions): Promise<void>;
  hideLoading(options?: HideLoadingOptions): Promise<void>;
}

// Each list names every field of its params type: adding a field to the protocol without sending
// it fails to compile here.
const ALERT_FIELDS = {
  title: true,
  content: true,
  buttonText: true,
  confirmColor: true,
} satisfies Record<keyof AlertParams, true>;
const CONFIRM_FIELDS = {
  title: true,
  content: true,
  confirmButtonText: true,
  cancelButtonText: true,
  confirmColor: true,
  cancelColor: true,
} satisfies Record<keyof ConfirmParams, true>;
const TOAST_FIELDS = {
  content: true,
  type: true,
  duration: true,
  delay: true,
  xOffset: true,
  yOffset: true,
} satisfies Record<keyof ShowToastParams, true>;
const LOADING_FIELDS = { content: true, delay: true } satisfies Record<
  keyof ShowLoadingParams,
  true
>;

export function uiApis({ bridge }: JsapiContext): UiApis {
  return {
    alert: (options) =>
      settle(
        bridge.call('alert', pickParams<AlertParams>(options, ALERT_FIELDS)),
        callbacksOf(options),
        nothing,
      ),
    confirm: (options) =>
      settle(
        bridge.call('confirm', pickParams<ConfirmParams>(options, CONFIRM_FIELDS)),
        callbacksOf(options),
      ),
    showToast: (options) =>
      settle(
        bridge.call('showToast', pickParams<ShowToastParams>(options, TOAST_FIELDS)),
        callbacksOf(options),
        nothing,
      ),
    showLoading: (options) =>
      settle(
        bridge.call('showLoading', pickParams<ShowLoadingParams>(options, LOADING_FIELDS)),
        callbacksOf(options),
        nothing,
      ),
    hideLoading: (options) => settle(bridge.call('hideLoading', {}), callbacksOf(options), nothing),
  };
}
