import { callbacksOf, jsapiError, JsapiSyncError, settle, type Callbacks } from './callbacks.js';

export type Log = Pick<Console, 'warn' | 'error'>;

/**
 * Names that code asks an object for without meaning a JSAPI: promise resolution (`then`), JSON,
 * test runners and pretty-printers. They must stay undefined, or `await my` would hang.
 */
const NOT_APIS = new Set([
  'then',
  'catch',
  'finally',
  'toJSON',
  'constructor',
  'valueOf',
  'toString',
  'inspect',
  'nodeType',
  'asymmetricMatch',
  'tagName',
  'length',
]);

function looksLikeApi(name: string): boolean {
  return /^[a-z][A-Za-z0-9]*$/.test(name) && !NOT_APIS.has(name);
}

/**
 * An API the sandbox does not implement: it fails, never silently. The asynchronous form calls
 * `fail`/`complete` with the platform's "not supported" error and rejects; a `…Sync` name throws.
 * Both print which APIs the sandbox has.
 */
function unsupportedApi(name: string, supported: readonly string[], log: Log) {
  return (options?: unknown) => {
    log.warn(
      `[my] my.${name} is not supported by the sandbox; it fails with error 1. Supported: ${supported.join(', ')}. Use my.canIUse('${name}') to check before calling.`,
    );
    const error = jsapiError('NOT_SUPPORTED', `my.${name} is not available in the sandbox`);
    if (name.endsWith('Sync')) throw new JsapiSyncError(error);
    return settle(Promise.reject(error), callbacksOf(options as Callbacks<unknown>));
  };
}

/** Wraps the `my` object so that any other JSAPI name answers with the "not supported" error. */
export function guardUnknownApis<T extends object>(api: T, log: Log): T {
  const supported = Object.keys(api).sort();
  return new Proxy(api, {
    get(target, key, receiver) {
      if (typeof key !== 'string' || Reflect.has(target, key) || !looksLikeApi(key))
        return Reflect.get(target, key, receiver);
      return unsupportedApi(key, supported, log);
    },
  });
}
