import { paramIllegal } from '../domain/errors.js';

/** IDs and tokens may not hold special characters such as `@ # ?` (reference §2.3). */
export const ID_CHARACTERS = /^[A-Za-z0-9_.:=+/-]+$/;

interface StringRule {
  max: number;
  /** An ID or a token: no special characters. */
  id?: boolean;
  /** Must be a JSON text (the gateway's `extendInfo`). */
  json?: boolean;
  oneOf?: readonly string[];
}

/** Reads an optional string field and checks it; throws PARAM_ILLEGAL naming the field and rule. */
export function optionalString(body: Record<string, unknown>, field: string, rule: StringRule): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw paramIllegal(field, `must be a string, not ${Array.isArray(value) ? 'an array' : typeof value}`);
  if (value.length === 0) throw paramIllegal(field, 'must not be empty');
  if (value.length > rule.max) throw paramIllegal(field, `must be at most ${rule.max} characters (got ${value.length})`);
  if (rule.id && !ID_CHARACTERS.test(value)) throw paramIllegal(field, 'must not contain special characters such as @ # ? or spaces');
  if (rule.oneOf && !rule.oneOf.includes(value)) throw paramIllegal(field, `must be one of ${rule.oneOf.join(', ')} (got "${value}")`);
  if (rule.json) {
    try {
      JSON.parse(value);
    } catch {
      throw paramIllegal(field, 'must be a JSON text, e.g. "{\\"memo\\":\\"memo\\"}"');
    }
  }
  return value;
}

export function requiredString(body: Record<string, unknown>, field: string, rule: StringRule, when?: string): string {
  const value = optionalString(body, field, rule);
  if (value === undefined) throw paramIllegal(field, when ? `is required when ${when}` : 'is required');
  return value;
}

export const FIELD_RULES = {
  appId: { max: 32, id: true },
  authClientId: { max: 128, id: true },
  referenceClientId: { max: 128, id: true },
  authCode: { max: 64, id: true },
  accessToken: { max: 128, id: true },
  refreshToken: { max: 128, id: true },
  customerBelongsTo: { max: 64, id: true },
  extendInfo: { max: 4096, json: true },
} as const satisfies Record<string, StringRule>;
