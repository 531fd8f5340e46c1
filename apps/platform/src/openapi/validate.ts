import {
  GATEWAY_FIELDS,
  GRANT_TYPES,
  ID_CHARACTERS,
  readGatewayField,
  type GatewayFieldRule,
} from '../deps.js';
import { paramIllegal } from '../domain/errors.js';

// The rules and their schemas are the protocol's (schema/gateway.ts); the OpenAPI document reads the same table.
export { ID_CHARACTERS };
export const FIELD_RULES = GATEWAY_FIELDS;

// The rules below are made once: a field's checks are built (and cached) per rule object, so a
// rule written inline in a handler would build them again on every call.
export const GRANT_TYPE_RULE: GatewayFieldRule = { max: 32, oneOf: GRANT_TYPES };
/** applyToken v1 accepts longer authCodes than v2 (Antom v1: String(128)). */
export const V1_AUTH_CODE_RULE: GatewayFieldRule = { ...FIELD_RULES.authCode, max: 128 };

/** Reads an optional string field and checks it; throws PARAM_ILLEGAL naming the field and rule. */
export function optionalString(
  body: Record<string, unknown>,
  field: string,
  rule: GatewayFieldRule,
): string | undefined {
  const read = readGatewayField(body[field], rule);
  if ('problem' in read) throw paramIllegal(field, read.problem);
  return read.value;
}

export function requiredString(
  body: Record<string, unknown>,
  field: string,
  rule: GatewayFieldRule,
  when?: string,
): string {
  const value = optionalString(body, field, rule);
  if (value === undefined)
    throw paramIllegal(field, when ? `is required when ${when}` : 'is required');
  return value;
}
