import { isJsapiError, jsapiError, type JsapiError } from '@mp-sandbox/protocol';

/** The protocol's one builder, here where every API of `my` takes it from. */
export { isJsapiError, jsapiError, type JsapiErrorName } from '@mp-sandbox/protocol';

/**
 * The callbacks every asynchronous JSAPI takes. `failed` is not in the platform's API reference,
 * but the platform's own user-authorization guide writes it, so mini programs copied from there
 * use it. `S` is what `success` receives.
 */
export interface Callbacks<S> {
  success?: (result: S) => void;
  fail?: (error: JsapiError) => void;
  failed?: (error: JsapiError) => void;
  complete?: (resultOrError: S | JsapiError) => void;
}

export function toJsapiError(error: unknown): JsapiError {
  if (isJsapiError(error)) return error;
  return jsapiError('ERROR_UNKNOW', String((error as Error)?.message ?? error));
}

/** The callbacks of an options object, and nothing else: functions cannot cross postMessage. */
export function callbacksOf<S>(options: Callbacks<S> | undefined): Callbacks<S> {
  if (!options || typeof options !== 'object') return {};
  const { success, fail, failed, complete } = options;
  return { success, fail, failed, complete };
}

/**
 * A mini program's callback that throws must not stop the others, nor turn a success into a
 * failure: as in a real container, the error surfaces as an uncaught error in the console.
 */
function invoke<A>(callback: ((arg: A) => void) | undefined, arg: A): void {
  if (typeof callback !== 'function') return;
  try {
    callback(arg);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/**
 * Runs the callbacks in the platform's order (success or fail, then complete) and also returns a
 * Promise, resolved with `present(result)`. A caller that handles failure by callback is not also
 * told of an unhandled rejection.
 */
export function settle<S, P = S>(
  promise: Promise<S>,
  callbacks: Callbacks<S>,
  present?: (result: S) => P,
): Promise<P> {
  const settled = promise.then(
    (result) => {
      invoke(callbacks.success, result);
      invoke(callbacks.complete, result);
      return present ? present(result) : (result as unknown as P);
    },
    (raw: unknown) => {
      const error = toJsapiError(raw);
      invoke(callbacks.fail, error);
      invoke(callbacks.failed, error);
      invoke(callbacks.complete, error);
      throw error;
    },
  );
  if (callbacks.fail || callbacks.failed || callbacks.complete) settled.catch(() => {});
  return settled;
}

/** An API that answers nothing resolves its Promise with nothing, as the platform declares. */
export const nothing = (): void => undefined;

/**
 * What a synchronous JSAPI throws when it cannot answer: it has no `fail` to call. It carries the
 * same `error` and `errorMessage` as the asynchronous form would give.
 */
export class JsapiSyncError extends Error implements JsapiError {
  readonly error: number;
  readonly errorMessage: string;

  constructor(jsapiError: JsapiError) {
    super(`${jsapiError.errorMessage} (error ${jsapiError.error})`);
    this.name = 'JsapiSyncError';
    this.error = jsapiError.error;
    this.errorMessage = jsapiError.errorMessage;
  }
}

/** Copies the data fields a JSAPI sends to the shell, leaving callbacks and unknown fields behind. */
export function pickParams<T extends object>(options: unknown, fields: Record<keyof T, true>): T {
  const picked: Record<string, unknown> = {};
  if (typeof options !== 'object' || options === null) return picked as T;
  for (const field of Object.keys(fields)) {
    const value = (options as Record<string, unknown>)[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked as T;
}
