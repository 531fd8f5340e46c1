/**
 * The platform rules the sandbox enforces, each settable per sandbox (`rules` in the config file,
 * `POST /sandbox/v1/rules`) or per app (an app's `rules`) to:
 *   - `refuse`: as production, the request fails and says why;
 *   - `warn`: it goes through, and the timeline gets a `rule.warning` (the gateway also answers
 *     with an `x-sandbox-warning` header);
 *   - `off`: not checked.
 */
export type RuleMode = 'refuse' | 'warn' | 'off';
export const RULE_MODES: readonly RuleMode[] = ['refuse', 'warn', 'off'];

export const RULES = {
  /** Basic user info and the phone number in one consent sheet (the seeds' requirements). */
  basicAndPhone: 'basic info and the phone number are not asked for in one consent sheet',
  /** Authorization asked on the mini program's first screen, before any user action (the seeds' FAQ). */
  firstScreen: 'authorization is not asked for on the first screen',
  /** Request-Time within the tolerance of the platform clock (REQUEST_TIME_TOLERANCE_MS). */
  requestTime: 'Request-Time is near the platform clock',
  /** The request's Signature verifies with the client's registered key. */
  signature: "every gateway request is signed with the client's registered key",
} as const;

export type PlatformRule = keyof typeof RULES;
export const RULE_NAMES = Object.keys(RULES) as PlatformRule[];
export type Rules = Record<PlatformRule, RuleMode>;

/** As production: everything refused, except the first-screen rule, which the platform cannot see and only warns. */
export const DEFAULT_RULES: Rules = {
  basicAndPhone: 'refuse',
  firstScreen: 'warn',
  requestTime: 'refuse',
  signature: 'refuse',
};

export function isRuleMode(value: unknown): value is RuleMode {
  return typeof value === 'string' && (RULE_MODES as readonly string[]).includes(value);
}
