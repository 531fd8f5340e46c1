/**
 * Parameters and results of the `my.*` JSAPIs the sandbox implements, field for field as the
 * platform publishes them (`@mini-types/my`; Alipay+ docs where they differ). Only data travels:
 * callbacks stay in the mini program, so none of these types holds a function.
 *
 * Fields the sandbox accepts but cannot honour (a toast's `xOffset`, a request's
 * `referrerStrategy`) are still declared: a mini program that passes them must compile and run.
 */

/** What `success` receives from an API that answers nothing (`my.alert`, `my.setStorage` …). */
export type EmptyResult = Record<string, never>;

/** The parameters of an API that takes none. */
export interface NoParams {}

// ── UI: drawn by the shell over the mini program ──────────────────────────────────────────────

export interface AlertParams {
  title?: string;
  content?: string;
  /** The one button's text; the platform's default is its word for OK. */
  buttonText?: string;
  /** The button's colour, as `#RRGGBB`. */
  confirmColor?: string;
}

export interface ConfirmParams {
  title?: string;
  content?: string;
  confirmButtonText?: string;
  cancelButtonText?: string;
  confirmColor?: string;
  cancelColor?: string;
}

export interface ConfirmResult {
  /** True when the user tapped the confirm button. */
  confirm: boolean;
}

export type ToastType = 'none' | 'success' | 'fail' | 'exception' | 'loading';

export interface ShowToastParams {
  content?: string;
  /** @default 'none' */
  type?: ToastType;
  /** How long the toast shows, in ms. `success` is called when it is gone. @default 3000 */
  duration?: number;
  /** Waits this long before showing, in ms. */
  delay?: number;
  /** Accepted, not honoured: the sandbox always centres the toast. */
  xOffset?: number;
  yOffset?: number;
}

export interface ShowLoadingParams {
  content?: string;
  /** Shows only after this many ms; a `hideLoading` before then shows nothing. @default 0 */
  delay?: number;
}

// ── my.request: performed by the shell, to registered domains only ──────────────────────────────

export type RequestMethod =
  'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'TRACE' | 'CONNECT';
export type RequestDataType = 'json' | 'text' | 'base64' | 'arraybuffer';

export interface RequestParams {
  url: string;
  /** @default 'GET' */
  method?: RequestMethod;
  /**
   * GET: turned into a query string. Other methods: sent as is when a string or ArrayBuffer;
   * an object is sent as JSON, or as a form when `content-type` says
   * `application/x-www-form-urlencoded`.
   */
  data?: string | Record<string, unknown> | ArrayBuffer;
  /** `headers` wins over `header` (the platform documents both). `content-type` defaults to JSON. */
  headers?: Record<string, string>;
  header?: Record<string, string>;
  /** @default 30000 */
  timeout?: number;
  /** How the body is read. @default 'json' */
  dataType?: RequestDataType;
  /** Accepted, not honoured: the shell sends no referrer. */
  referrerStrategy?: string;
  /** Set by the jsapi so `RequestTask.abort()` can name the request to the shell. */
  taskId?: string;
}

export type RequestData = string | Record<string, unknown> | ArrayBuffer;

export interface RequestResult {
  data: RequestData;
  status: number;
  /** The same as `status`: the platform documents both names. */
  statusCode: number;
  /** Response headers, lower-case names. A cross-origin answer shows only CORS-safelisted ones. */
  headers: Record<string, string>;
  header: Record<string, string>;
}

export interface AbortRequestParams {
  taskId: string;
}

export interface AbortRequestResult {
  success: true;
}

/**
 * `my.request`'s own failure codes. 14 and 19 are in the platform's declarations of `my.request`
 * (`@mini-types/my`), with these messages; 12, 13 and 20 are the codes the platform's request
 * reference gives for a network failure, a timeout and a stopped request (not in the typings, so
 * the messages are ours). A domain the app has not registered is `JSAPI_ERRORS.NO_PERMISSION`.
 */
export const REQUEST_ERRORS = {
  NETWORK_ERROR: { error: 12, errorMessage: 'network error' },
  TIMEOUT: { error: 13, errorMessage: 'timeout' },
  PARSE_ERROR: { error: 14, errorMessage: 'JSON parse data error' },
  HTTP_STATUS_ERROR: { error: 19, errorMessage: 'http status error' },
  ABORTED: { error: 20, errorMessage: 'request aborted' },
} as const;

// ── my.getOpenUserInfo: the basic profile the user granted this app ───────────────────────────

export interface GetOpenUserInfoParams {
  /** Plugin protocols on the platform; accepted, not used by the sandbox. */
  protocols?: Record<string, unknown>;
}

/**
 * The profile inside `response`. The platform's success code is `'10000'`; `'40006'` (insufficient
 * permissions) when the user has granted this app no basic-profile scope.
 */
export interface OpenUserInfo {
  code: string;
  msg: string;
  subCode?: string;
  subMsg?: string;
  nickName?: string;
  avatar?: string;
  /** `'m'` or `'f'`. */
  gender?: 'm' | 'f';
  /** ISO 3166-1 alpha-2. */
  countryCode?: string;
}

/**
 * What `success` receives. `response` is the platform's nested JSON string:
 * `JSON.parse(res.response).response` is an {@link OpenUserInfo}. The flat fields repeat it for
 * code typed with `@mini-types/my`, which declares them as strings: a field not granted is `''`
 * there, and absent from `response`.
 */
export interface GetOpenUserInfoResult {
  response: string;
  code: string;
  msg: string;
  subCode: string;
  subMsg: string;
  nickName: string;
  avatar: string;
  gender?: 'm' | 'f';
  countryCode?: string;
}
