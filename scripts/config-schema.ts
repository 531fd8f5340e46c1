/**
 * `npm run config-schema`: writes `sandbox.config.schema.json` (the JSON Schema of
 * `sandbox.config.json`) from the protocol's valibot declaration. `--check` only says whether the file is
 * up to date (exit 1 when not), as a test does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_SCHEMA_FILE_NAME, configSchemaText } from '@mp-sandbox/platform/config-schema';

const file = resolve(import.meta.dirname, '..', CONFIG_SCHEMA_FILE_NAME);
const wanted = configSchemaText();
let current: string | undefined;
try {
  current = readFileSync(file, 'utf8');
} catch {
  current = undefined;
}

if (process.argv.includes('--check')) {
  if (current === wanted) {
    console.log(`${CONFIG_SCHEMA_FILE_NAME} is up to date`);
  } else {
    console.error(`${CONFIG_SCHEMA_FILE_NAME} is out of date: run npm run config-schema`);
    process.exit(1);
  }
} else if (current === wanted) {
  console.log(`${CONFIG_SCHEMA_FILE_NAME} is up to date`);
} else {
  writeFileSync(file, wanted);
  console.log(`wrote ${CONFIG_SCHEMA_FILE_NAME}`);
}
