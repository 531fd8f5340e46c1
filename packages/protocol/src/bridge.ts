import type {
  AbortRequestParams,
  AbortRequestResult,
  AlertParams,
  ConfirmParams,
  ConfirmResult,
  EmptyResult,
  GetOpenUserInfoParams,
  GetOpenUserInfoResult,
  NoParams,
  RequestParams,
  RequestResult,
  ShowLoadingParams,
  ShowToastParams,
} from './jsapiMethods.js';
import type { ScopeName } from './scopes.js';
import { isRecord } from './guards.js';

export * from './jsapiLaunch.js';
export * from './jsapiMethods.js';

/**
 * The postMessage bridge between a mini program (iframe) and the super-app shell (parent).
 * Every message is a plain object tagged with `BRIDGE_TAG`, so other traffic is ignored.
 *
 *   mini program → shell   { call }   a JSAPI call with an id
 *   shell → mini program   { ack }    at once: the call was heard (the bridge times out on this)
 *   shell → mini program   { reply }  when done: a result or a JSAPI error; may take a user's time
 */
export const BRIDGE_TAG = 'mp-sandbox/bridge@1';

/**
 * JSAPI error codes (reference §1.3); the keys are the names the platform prints. 1, 2, 3 and 4
 * are the container's common codes (API not available, bad parameter, unknown, no permission);
 * the others are getAuthCode's. `my.request` adds its own (`REQUEST_ERRORS`).
 */
export const JSAPI_ERRORS = {
  NOT_SUPPORTED: { error: 1, errorMessage: 'JSAPI not supported' },
  INVALID_PARAM: { error: 2, errorMessage: 'Invalid parameter' },
  ERROR_UNKNOW: { error: 3, errorMessage: 'Unknown error!' },
  NO_PERMISSION: { error: 4, errorMessage: 'No permission' },
  ERROR_CODE_EMPTY: { error: 10, errorMessage: 'Empty authCode' },
  USER_CANCEL: { error: 11, errorMessage: 'User cancelled the authorization' },
  ERROR_CODE_UNKNOWN_ERROR: { error: 1000, errorMessage: 'Unknown error' },
  ERROR_CODE_USER_CANCEL: { error: 1001, errorMessage: 'User cancelled the operation' },
  ERROR_CODE_SYSTEM_ERROR: { error: 1005, errorMessage: 'System error' },
} as const;

export type JsapiErrorName = keyof typeof JSAPI_ERRORS;

/**
 * The one JsapiError builder: a catalogue error (a name of `JSAPI_ERRORS`, or an entry of it or of
 * `REQUEST_ERRORS`) with what went wrong in this call after its message, and any extra fields
 * (`authErrorScopes`, `status`).
 */
export function jsapiError(
  kind: JsapiErrorName | { error: number; errorMessage: string },
  detail?: string,
  extra?: Partial<JsapiError>,
): JsapiError {
  const { error, errorMessage } = typeof kind === 'string' ? JSAPI_ERRORS[kind] : kind;
  return { error, errorMessage: detail ? `${errorMessage}: ${detail}` : errorMessage, ...extra };
}

export function isJsapiError(value: unknown): value is JsapiError {
  return (
    typeof value === 'object' && value !== null && typeof (value as JsapiError).error === 'number'
  );
}

/**
 * The value `authErrorScopes` gives each refused scope. The platform does not document the values;
 * `10001` is what the Alipay+ and M-Pesa samples show (GCash shows `40006`).
 */
export const SCOPE_REFUSED = '10001';

export interface JsapiError {
  error: number;
  errorMessage: string;
  /** getAuthCode: the scopes refused, each with its code. */
  authErrorScopes?: Record<string, string>;
  /** my.request's HTTP status error (19): what the server answered. */
  status?: number;
  data?: unknown;
  headers?: Record<string, string>;
}

export interface GetAuthCodeParams {
  scopes?: ScopeName[] | ScopeName | string | string[] | null;
}

export interface GetAuthCodeResult {
  authCode: string;
  authSuccessScopes: string[];
  authErrorScopes: Record<string, string>;
}

/**
 * The JSAPI methods the bridge carries, with their parameters and results. APIs the jsapi answers
 * on its own (storage, `getAppIdSync`, `getSystemInfo` …) are not here: they never reach the shell.
 */
export interface BridgeMethods {
  getAuthCode: { params: GetAuthCodeParams; result: GetAuthCodeResult };
  getOpenUserInfo: { params: GetOpenUserInfoParams; result: GetOpenUserInfoResult };
  alert: { params: AlertParams; result: EmptyResult };
  confirm: { params: ConfirmParams; result: ConfirmResult };
  showToast: { params: ShowToastParams; result: EmptyResult };
  showLoading: { params: ShowLoadingParams; result: EmptyResult };
  hideLoading: { params: NoParams; result: EmptyResult };
  request: { params: RequestParams; result: RequestResult };
  /** Not a platform API: carries `RequestTask.abort()`. */
  abortRequest: { params: AbortRequestParams; result: AbortRequestResult };
}

export type BridgeMethodName = keyof BridgeMethods;
export type BridgeParams<M extends BridgeMethodName> = BridgeMethods[M]['params'];
export type BridgeResult<M extends BridgeMethodName> = BridgeMethods[M]['result'];

export interface BridgeCall<M extends BridgeMethodName = BridgeMethodName> {
  tag: typeof BRIDGE_TAG;
  kind: 'call';
  id: string;
  method: M;
  params: BridgeParams<M>;
  /**
   * When the caller stops waiting for the acknowledgement (epoch ms). A call the shell hears after
   * it is dropped unanswered: the caller has already failed, so nothing may be issued for it.
   */
  ackBy?: number;
}

/** The mini program gave up on a call (no acknowledgement in time): the shell stops serving it. */
export interface BridgeCancel {
  tag: typeof BRIDGE_TAG;
  kind: 'cancel';
  id: string;
}

/**
 * How much one mini program may ask of the shell at once. A call over the limit is refused at once
 * with `BRIDGE_BUSY_ERROR`, so a flood cannot freeze the wallet or queue sheets without end.
 */
export const BRIDGE_LIMITS = {
  /** getAuthCode calls waiting or being served (one sheet at a time, in order). */
  getAuthCode: 16,
  /** Calls of any other method being served at once. */
  other: 64,
} as const;

/** The refusal a call over `BRIDGE_LIMITS` gets (the platform's System error, with the reason). */
export const BRIDGE_BUSY_ERROR = 1005;

export interface BridgeAck {
  tag: typeof BRIDGE_TAG;
  kind: 'ack';
  id: string;
}

export type BridgeReply =
  | { tag: typeof BRIDGE_TAG; kind: 'reply'; id: string; ok: true; result: unknown }
  | { tag: typeof BRIDGE_TAG; kind: 'reply'; id: string; ok: false; error: JsapiError };

export type HostMessage = BridgeAck | BridgeReply;

/** Every bridged method once: the `satisfies` fails to compile when BridgeMethods gains one. */
const BRIDGE_METHOD_SET = {
  getAuthCode: true,
  getOpenUserInfo: true,
  alert: true,
  confirm: true,
  showToast: true,
  showLoading: true,
  hideLoading: true,
  request: true,
  abortRequest: true,
} as const satisfies Record<BridgeMethodName, true>;

export const BRIDGE_METHODS = Object.keys(BRIDGE_METHOD_SET) as BridgeMethodName[];

// parseBridgeCall, parseBridgeCancel and parseHostMessage: schema/messages.ts (schemas of the messages).

/**
 * Events the shell sends a mini program unasked, as a real container does: `themeChange` when the
 * wallet's theme changes while the app is open (`my.onThemeChange`). Each carries its data whole,
 * so the jsapi keeps what `my.getSystemInfo` answers in step.
 */
export interface HostEvents {
  themeChange: { theme: 'light' | 'dark' };
}

export type HostEventName = keyof HostEvents;

export type HostEvent = {
  [E in HostEventName]: { tag: typeof BRIDGE_TAG; kind: 'event'; name: E; data: HostEvents[E] };
}[HostEventName];

/** Validates an event the mini program received from its host; anything else is undefined. */
export function parseHostEvent(data: unknown): HostEvent | undefined {
  if (!isRecord(data) || data['tag'] !== BRIDGE_TAG || data['kind'] !== 'event') return undefined;
  const payload = data['data'];
  if (
    data['name'] === 'themeChange' &&
    isRecord(payload) &&
    (payload['theme'] === 'light' || payload['theme'] === 'dark')
  ) {
    return {
      tag: BRIDGE_TAG,
      kind: 'event',
      name: 'themeChange',
      data: { theme: payload['theme'] },
    };
  }
  return undefined;
}
