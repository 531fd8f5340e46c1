import { JSAPI_ERRORS, type GetAuthCodeParams, type GetAuthCodeResult, type JsapiError } from '@mp-sandbox/protocol';
import { Bridge } from './bridge.js';

/**
 * The callbacks every JSAPI takes. `failed` is not in the platform's API reference, but the
 * platform's own user-authorization guide writes it, so mini programs copied from there use it.
 */
export interface Callbacks<T> {
  success?: (result: T) => void;
  fail?: (error: JsapiError) => void;
  failed?: (error: JsapiError) => void;
  complete?: (resultOrError: T | JsapiError) => void;
}

export type GetAuthCodeOptions = GetAuthCodeParams & Callbacks<GetAuthCodeResult>;

export interface My {
  getAuthCode(options?: GetAuthCodeOptions): Promise<GetAuthCodeResult>;
}

function toJsapiError(error: unknown): JsapiError {
  if (typeof error === 'object' && error !== null && typeof (error as JsapiError).error === 'number') return error as JsapiError;
  return { error: JSAPI_ERRORS.ERROR_UNKNOW.error, errorMessage: String((error as Error)?.message ?? error) };
}

/**
 * Runs the callbacks in the platform's order (success or fail, then complete) and also returns a
 * Promise. A caller that handles failure by callback is not also told of an unhandled rejection.
 */
function settle<T>(promise: Promise<T>, callbacks: Callbacks<T>): Promise<T> {
  const settled = promise.then(
    (result) => {
      callbacks.success?.(result);
      callbacks.complete?.(result);
      return result;
    },
    (raw: unknown) => {
      const error = toJsapiError(raw);
      callbacks.fail?.(error);
      callbacks.failed?.(error);
      callbacks.complete?.(error);
      throw error;
    },
  );
  if (callbacks.fail || callbacks.failed || callbacks.complete) settled.catch(() => {});
  return settled;
}

export function createMy(bridge: Bridge): My {
  return {
    getAuthCode(options = {}) {
      const { success, fail, failed, complete, ...params } = options;
      return settle(bridge.call('getAuthCode', { scopes: params.scopes ?? null }), { success, fail, failed, complete });
    },
  };
}
