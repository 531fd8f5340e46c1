import {
  checkBridgeParams,
  jsapiError,
  type BridgeCall,
  type BridgeMethodName,
  type CheckedParams,
  type JsapiError,
} from '@mp-sandbox/protocol';

export type CheckedCall =
  { ok: true; params: CheckedParams<BridgeMethodName> } | { ok: false; error: JsapiError };

/**
 * Checks a call's parameters against its method's schema (the protocol's `PARAM_SCHEMAS`), at the
 * bridge, before any handler: a bad one is the mini program's `fail` with error 2 and what to fix.
 */
export function checkParams(call: BridgeCall): CheckedCall {
  const checked = checkBridgeParams(call);
  return checked.ok ? checked : { ok: false, error: jsapiError('INVALID_PARAM', checked.message) };
}
