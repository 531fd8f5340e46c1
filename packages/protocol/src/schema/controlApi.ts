/** Bodies of the control API (`/sandbox/v1`) that tests and tools send. */
import * as v from 'valibot';
import { OPENAPI_APIS, type OpenApiName } from '../openapi.js';
import { RESULT_CODES, type ResultCode } from '../resultCodes.js';
import type { ConsentDecision } from '../sandboxApi.js';
import { isScopeName, type ScopeName } from '../scopes.js';
import { RULE_MODES, RULE_NAMES } from '../rules.js';
import { looseFields, showValue } from './check.js';

const nonEmpty = v.pipe(
  v.string('must be a non-empty string'),
  v.minLength(1, 'must be a non-empty string'),
);

/** POST authcodes: a code issued as the wallet would (scopes checked by `scopeListSchema`, with their own codes). */
export const issueAuthCodeBodySchema = looseFields({
  appId: nonEmpty,
  userId: nonEmpty,
  scopes: v.optional(v.unknown()),
  /** `false`: the app's rules are not applied (a test that wants a code whatever the rules say). */
  applyRules: v.optional(v.boolean('must be true or false')),
});

/** The longest wait a fault may add to a call. */
export const MAX_FAULT_LATENCY_MS = 60_000;

const FAILURE_CODES = Object.keys(RESULT_CODES).filter((code) => code !== 'SUCCESS') as Exclude<
  ResultCode,
  'SUCCESS'
>[];
const faultApis = [...Object.keys(OPENAPI_APIS), '*'] as (OpenApiName | '*')[];
const wholeCalls = 'must be a whole number of calls, 1 or more';
const latency = `must be between 0 and ${MAX_FAULT_LATENCY_MS}`;

/** POST faults: the next calls of an API answer a result code, or wait first, or both. */
export const faultBodySchema = v.pipe(
  looseFields({
    api: v.optional(
      v.picklist(faultApis, `must be one of ${Object.keys(OPENAPI_APIS).join(', ')} or "*"`),
      '*',
    ),
    resultCode: v.optional(
      v.picklist(
        FAILURE_CODES,
        (issue) =>
          `must be a failure code of the catalogue, e.g. EXPIRED_AUTHCODE or UNKNOWN_EXCEPTION (got ${showValue(issue.input)})`,
      ),
    ),
    count: v.optional(
      v.pipe(v.number(wholeCalls), v.integer(wholeCalls), v.minValue(1, wholeCalls)),
      1,
    ),
    latencyMs: v.optional(
      v.pipe(v.number(latency), v.minValue(0, latency), v.maxValue(MAX_FAULT_LATENCY_MS, latency)),
      0,
    ),
    namespace: v.optional(v.string('must be a string')),
  }),
  v.check(
    (fault) => fault.resultCode !== undefined || fault.latencyMs > 0,
    'give a resultCode, a latencyMs, or both',
  ),
);
export type FaultBody = v.InferOutput<typeof faultBodySchema>;

const CONSENT_DECISIONS = ['ask', 'approve', 'deny', 'cancel'] as const satisfies ConsentDecision[];
/** A policy's app, persona, namespace or scope: left out (or null, or '') matches any. */
const matchAny = v.pipe(
  v.nullish(v.string('must be a string, or left out to match any')),
  v.transform((value) => value || undefined),
);

/** POST consent-policies: what the wallet does instead of showing the sheet. */
export const consentPolicyBodySchema = looseFields({
  decision: v.picklist(CONSENT_DECISIONS, `must be one of ${CONSENT_DECISIONS.join(', ')}`),
  namespace: matchAny,
  appId: matchAny,
  userId: matchAny,
  scope: v.pipe(
    matchAny,
    v.check(
      (scope) => scope === undefined || isScopeName(scope),
      (issue) => `must be a known scope, not ${showValue(issue.input)}`,
    ),
    v.transform((scope) => scope as ScopeName | undefined),
  ),
});
export type ConsentPolicyBody = v.InferOutput<typeof consentPolicyBodySchema>;

/** POST rules: rule modes for the whole sandbox until a reset (`{"rules":{"basicAndPhone":"warn"}}`). */
export const setRulesBodySchema = looseFields({
  rules: v.record(
    v.picklist(
      RULE_NAMES,
      (issue) => `${showValue(issue.input)} is not a rule; rules are ${RULE_NAMES.join(', ')}`,
    ),
    v.picklist(
      RULE_MODES,
      (issue) => `${showValue(issue.input)} is not a mode; modes are ${RULE_MODES.join(', ')}`,
    ),
    'must be an object such as {"basicAndPhone":"warn"}',
  ),
});
