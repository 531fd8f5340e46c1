/**
 * What each bridged JSAPI accepts, checked where a call enters the shell, before any handler runs.
 * `getAuthCode`'s scopes leave the check as the scope names the platform will be asked for (known,
 * without repeats, `auth_base` when absent), so nothing after it reads them again.
 */
import * as v from 'valibot';
import type { BridgeCall, BridgeMethodName, BridgeParams } from '../bridge.js';
import type { RequestMethod } from '../jsapiMethods.js';
import { checkInput, paramFields, problemLine, showValue } from './check.js';
import { requestedScopesSchema } from './scopes.js';

const REQUEST_METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'CONNECT',
] as const satisfies readonly RequestMethod[];

const string = v.string();
const nonNegative = v.pipe(
  v.number(),
  v.check((n) => Number.isFinite(n) && n >= 0, 'must be a number of at least 0'),
);
const finite = v.pipe(v.number(), v.finite('must be a finite number'));
const optional = <S extends v.GenericSchema>(schema: S) => v.optional(schema);

/** Any non-null object but an ArrayBuffer (arrays included: `data` is sent as JSON). */
const plainObject = Object.assign(
  v.custom<Record<string, unknown>>(
    (x) => typeof x === 'object' && x !== null && !(x instanceof ArrayBuffer),
  ),
  { expects: 'Object' },
);

/** The platform takes `post` as readily as `POST`; the shell fetches with the upper-case name. */
const requestMethod = v.pipe(
  v.string(),
  v.transform((method) => method.toUpperCase()),
  v.picklist(
    REQUEST_METHODS,
    (issue) => `must be one of ${REQUEST_METHODS.join(', ')}, not ${showValue(issue.input)}`,
  ),
);

export const PARAM_SCHEMAS = {
  getAuthCode: paramFields({ scopes: requestedScopesSchema }),
  getOpenUserInfo: paramFields({ protocols: optional(v.record(v.string(), v.unknown())) }),
  alert: paramFields({
    title: optional(string),
    content: optional(string),
    buttonText: optional(string),
    confirmColor: optional(string),
  }),
  confirm: paramFields({
    title: optional(string),
    content: optional(string),
    confirmButtonText: optional(string),
    cancelButtonText: optional(string),
    confirmColor: optional(string),
    cancelColor: optional(string),
  }),
  showToast: paramFields({
    content: optional(string),
    type: optional(
      v.picklist(
        ['none', 'success', 'fail', 'exception', 'loading'],
        (issue) =>
          `must be one of "none", "success", "fail", "exception", "loading", not ${showValue(issue.input)}`,
      ),
    ),
    duration: optional(nonNegative),
    delay: optional(nonNegative),
    xOffset: optional(finite),
    yOffset: optional(finite),
  }),
  showLoading: paramFields({ content: optional(string), delay: optional(nonNegative) }),
  hideLoading: paramFields({}),
  request: paramFields({
    url: string,
    method: optional(requestMethod),
    data: optional(v.union([string, v.instance(ArrayBuffer), plainObject])),
    headers: optional(v.record(v.string(), string)),
    header: optional(v.record(v.string(), string)),
    timeout: optional(nonNegative),
    dataType: optional(
      v.picklist(
        ['json', 'text', 'base64', 'arraybuffer'],
        (issue) =>
          `must be one of "json", "text", "base64", "arraybuffer", not ${showValue(issue.input)}`,
      ),
    ),
    referrerStrategy: optional(string),
    taskId: optional(string),
  }),
  abortRequest: paramFields({ taskId: string }),
};

/** What a handler gets: the parameters as checked (`getAuthCode`'s scopes as scope names). */
export type CheckedParams<M extends BridgeMethodName> = v.InferOutput<(typeof PARAM_SCHEMAS)[M]>;

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
/**
 * Fails to compile when a protocol params type gains a field its schema does not check (it would
 * be dropped), or accepts a value its schema would refuse; or when a checked value would not fit
 * the params type the handlers are written against.
 */
export type SchemasMatchProtocol = Expect<
  {
    [M in BridgeMethodName]: [BridgeParams<M>] extends [v.InferInput<(typeof PARAM_SCHEMAS)[M]>]
      ? MutuallyAssignable<
          keyof v.InferInput<(typeof PARAM_SCHEMAS)[M]>,
          keyof BridgeParams<M>
        > extends true
        ? [CheckedParams<M>] extends [BridgeParams<M>]
          ? true
          : false
        : false
      : false;
  }[BridgeMethodName]
>;

export type CheckedCall =
  { ok: true; params: CheckedParams<BridgeMethodName> } | { ok: false; message: string };

/** Checks a call's parameters against its method's schema: the first problem, as `my.<method>` callers read it. */
export function checkBridgeParams(call: BridgeCall): CheckedCall {
  const checked = checkInput(PARAM_SCHEMAS[call.method] as v.GenericSchema, call.params, 'param');
  if (checked.ok) return { ok: true, params: checked.value as CheckedParams<BridgeMethodName> };
  return { ok: false, message: `my.${call.method}: ${problemLine(checked.problems[0]!, 'param')}` };
}
