import { GATEWAY_FIELDS, ID_CHARACTERS, readGatewayField, type GatewayFieldRule } from '../deps.js';
import { paramIllegal } from '../domain/errors.js';

// The rules and their schemas are the protocol's (schema/gateway.ts); the OpenAPI document reads the same table.
export { ID_CHARACTERS };
export const FIELD_RULES = GATEWAY_FIELDS;

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
