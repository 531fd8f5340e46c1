import type { JsapiError } from '@mp-sandbox/protocol';

/** A catalogue error (JSAPI_ERRORS, REQUEST_ERRORS) with what went wrong in this call after its message. */
export function jsapiError(base: { error: number; errorMessage: string }, detail?: string, extra?: Partial<JsapiError>): JsapiError {
  return { error: base.error, errorMessage: detail ? `${base.errorMessage}: ${detail}` : base.errorMessage, ...extra };
}
