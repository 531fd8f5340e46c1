/**
 * The gateway's request fields: one table of rules (which the OpenAPI document describes too) and
 * the schema each rule makes, with the gateway's wording. A bad field is `PARAM_ILLEGAL` with a
 * message naming it (`authCode must be at most 64 characters (got 65)`).
 */
import * as v from 'valibot';

/** IDs and tokens may not hold special characters such as `@ # ?` (reference §2.3). */
export const ID_CHARACTERS = /^[A-Za-z0-9_.:=+/-]+$/;

export interface GatewayFieldRule {
  max: number;
  /** An ID or a token: no special characters. */
  id?: boolean;
  /** Must be a JSON text (the gateway's `extendInfo`). */
  json?: boolean;
  oneOf?: readonly string[];
}

export const GATEWAY_FIELDS = {
  appId: { max: 32, id: true },
  authClientId: { max: 128, id: true },
  referenceClientId: { max: 128, id: true },
  authCode: { max: 64, id: true },
  accessToken: { max: 128, id: true },
  refreshToken: { max: 128, id: true },
  customerBelongsTo: { max: 64, id: true },
  extendInfo: { max: 4096, json: true },
} as const satisfies Record<string, GatewayFieldRule>;

function isJsonText(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

const made = new WeakMap<GatewayFieldRule, v.GenericSchema<unknown, string | undefined>>();

/** The schema of a field under a rule: absent (undefined or null) or a string that keeps it. */
export function gatewayFieldSchema(
  rule: GatewayFieldRule,
): v.GenericSchema<unknown, string | undefined> {
  const known = made.get(rule);
  if (known) return known;
  const checks: v.PipeItem<string, string, v.BaseIssue<unknown>>[] = [
    v.minLength(1, 'must not be empty'),
    v.maxLength(
      rule.max,
      (issue) => `must be at most ${rule.max} characters (got ${(issue.input as string).length})`,
    ),
  ];
  if (rule.id)
    checks.push(
      v.regex(ID_CHARACTERS, 'must not contain special characters such as @ # ? or spaces'),
    );
  const oneOf = rule.oneOf;
  if (oneOf)
    checks.push(
      v.check(
        (value) => oneOf.includes(value),
        (issue) => `must be one of ${oneOf.join(', ')} (got "${String(issue.input)}")`,
      ),
    );
  if (rule.json)
    checks.push(v.check(isJsonText, 'must be a JSON text, e.g. "{\\"memo\\":\\"memo\\"}"'));
  const schema = v.pipe(
    v.nullish(
      v.pipe(
        v.string(
          (issue) =>
            `must be a string, not ${Array.isArray(issue.input) ? 'an array' : typeof issue.input}`,
        ),
        ...(checks as [v.PipeItem<string, string, v.BaseIssue<unknown>>]),
      ),
    ),
    v.transform((value) => value ?? undefined),
  );
  made.set(rule, schema);
  return schema;
}

/** A field's value under its rule, or what is wrong with it (the text after the field's name). */
export function readGatewayField(
  value: unknown,
  rule: GatewayFieldRule,
): { value: string | undefined } | { problem: string } {
  const result = v.safeParse(gatewayFieldSchema(rule), value, { abortEarly: true });
  return result.success ? { value: result.output } : { problem: result.issues[0].message };
}
