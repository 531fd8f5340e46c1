/**
 * The JSON Schema (draft 2020-12) of `sandbox.config.json`, generated from the protocol's valibot
 * declaration (`configFileSchema`), which the reader checks files with: the two cannot drift.
 * `sandbox.config.schema.json` at the repository root is this object, written by
 * `npm run config-schema`; a test keeps the file and this generator equal.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import {
  addressSchema,
  clientFileSchema,
  configFileSchema,
  durationSchema,
  grantTypeSchema,
  personaFileSchema,
  portSchema,
  publicKeyFileSchema,
  rulesSchema,
  scopeSchema,
  walletSchema,
  appFileSchema,
} from './deps.js';

export { CONFIG_SCHEMA_FILE_NAME } from './deps.js';

/** The named parts, as `$defs` (what editors show on hover, and what tests read). */
const DEFINITIONS = {
  rules: rulesSchema,
  wallet: walletSchema,
  scope: scopeSchema,
  grantType: grantTypeSchema,
  duration: durationSchema,
  port: portSchema,
  app: appFileSchema,
  client: clientFileSchema,
  publicKey: publicKeyFileSchema,
  persona: personaFileSchema,
  address: addressSchema,
};

/** The schema object, exactly as `sandbox.config.schema.json` holds it. */
export function configSchema(): Record<string, unknown> {
  const schema = toJsonSchema(configFileSchema, {
    target: 'draft-2020-12',
    definitions: DEFINITIONS,
    // A check that JSON Schema can say carries its own words (registry.ts `withJsonSchema`).
    overrideAction: ({ valibotAction, jsonSchema }) => {
      const own = (valibotAction as { jsonSchema?: Record<string, unknown> }).jsonSchema;
      return own ? { ...jsonSchema, ...own } : undefined;
    },
    errorMode: 'throw',
  });
  return { ...schema, $schema: 'https://json-schema.org/draft/2020-12/schema' };
}

/** The schema as its file holds it: 2-space JSON and a final newline. */
export function configSchemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}
