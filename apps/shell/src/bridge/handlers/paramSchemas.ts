import {
  JSAPI_ERRORS,
  type BridgeCall,
  type BridgeMethodName,
  type BridgeParams,
  type JsapiError,
  type RequestMethod,
} from '@mp-sandbox/protocol';
import { jsapiError } from '@mp-sandbox/protocol';
import {
  anything, arrayBuffer, arrayOf, finite, map, nonNegative, nullable, object, oneOf, optional, plainObject, recordOf,
  SchemaError, string, union, type Infer, type Schema,
} from './schema';

const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'CONNECT'] as const satisfies readonly RequestMethod[];

/** The platform takes `post` as readily as `POST`; the shell fetches with the upper-case name. */
const requestMethod = map(string, (value, path): RequestMethod => {
  const upper = value.toUpperCase() as RequestMethod;
  if (!REQUEST_METHODS.includes(upper)) throw new SchemaError(`${path} must be one of ${REQUEST_METHODS.join(', ')}, not ${JSON.stringify(value)}`);
  return upper;
});

/**
 * What each bridged JSAPI accepts, checked in the shell before any handler runs. Typed against the
 * protocol's params twice over: `satisfies` checks that each schema produces its params type, and
 * `SchemasMatchProtocol` below that each params type fits its schema, so the two cannot drift.
 */
export const PARAM_SCHEMAS = {
  getAuthCode: object({ scopes: optional(nullable(union(string, arrayOf(string)))) }),
  getOpenUserInfo: object({ protocols: optional(recordOf(anything)) }),
  alert: object({ title: optional(string), content: optional(string), buttonText: optional(string), confirmColor: optional(string) }),
  confirm: object({
    title: optional(string),
    content: optional(string),
    confirmButtonText: optional(string),
    cancelButtonText: optional(string),
    confirmColor: optional(string),
    cancelColor: optional(string),
  }),
  showToast: object({
    content: optional(string),
    type: optional(oneOf('none', 'success', 'fail', 'exception', 'loading')),
    duration: optional(nonNegative),
    delay: optional(nonNegative),
    xOffset: optional(finite),
    yOffset: optional(finite),
  }),
  showLoading: object({ content: optional(string), delay: optional(nonNegative) }),
  hideLoading: object({}),
  request: object({
    url: string,
    method: optional(requestMethod),
    data: optional(union(string, arrayBuffer, plainObject)),
    headers: optional(recordOf(string)),
    header: optional(recordOf(string)),
    timeout: optional(nonNegative),
    dataType: optional(oneOf('json', 'text', 'base64', 'arraybuffer')),
    referrerStrategy: optional(string),
    taskId: optional(string),
  }),
  abortRequest: object({ taskId: string }),
} satisfies { [M in BridgeMethodName]: Schema<BridgeParams<M>> };

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = MutuallyAssignable<keyof A, keyof B>;
type Expect<T extends true> = T;
/**
 * Fails to compile when a protocol params type gains a field its schema does not check (it would
 * be dropped), or accepts a value its schema would refuse.
 */
export type SchemasMatchProtocol = Expect<
  {
    [M in BridgeMethodName]: MutuallyAssignable<Infer<(typeof PARAM_SCHEMAS)[M]>, BridgeParams<M>> extends true
      ? SameKeys<Infer<(typeof PARAM_SCHEMAS)[M]>, BridgeParams<M>>
      : false;
  }[BridgeMethodName]
>;

export type CheckedCall = { ok: true; params: BridgeParams<BridgeMethodName> } | { ok: false; error: JsapiError };

/** Checks a call's parameters against its method's schema, at the bridge, before any handler. */
export function checkParams(call: BridgeCall): CheckedCall {
  const schema: Schema<unknown> = PARAM_SCHEMAS[call.method];
  try {
    return { ok: true, params: schema.parse(call.params, '') as BridgeParams<BridgeMethodName> };
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return { ok: false, error: jsapiError(JSAPI_ERRORS.INVALID_PARAM, `my.${call.method}: ${error.message}`) };
  }
}
