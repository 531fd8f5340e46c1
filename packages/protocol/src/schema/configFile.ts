/**
 * `sandbox.config.json`: the one declaration its reader checks files with and its JSON Schema
 * (`sandbox.config.schema.json`, for editors) is generated from (`npm run config-schema`).
 */
import * as v from 'valibot';
import { showValue, strictFields } from './check.js';
import {
  appFileSchema,
  clientFileSchema,
  personaFileSchema,
  rulesSchema,
  walletSchema,
} from './registry.js';

export const CONFIG_SCHEMA_FILE_NAME = 'sandbox.config.schema.json';

export const durationSchema = v.pipe(
  v.union(
    [
      v.pipe(
        v.string(),
        v.regex(
          /^([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+$/,
          (issue) =>
            `${showValue(issue.input)} must be a duration such as "90s", "5m", "1h", "30d" or "1h30m", or a number of milliseconds`,
        ),
      ),
      v.pipe(
        v.number(),
        v.integer((issue) => `${showValue(issue.input)} must be a whole number of milliseconds`),
        v.minValue(1, (issue) => `${showValue(issue.input)} must be longer than 0`),
      ),
    ],
    (issue) =>
      `must be a duration such as "5m", or a number of milliseconds, not ${showValue(issue.input)}`,
  ),
  v.description('A duration: "90s", "5m", "1h", "30d", "1h30m", or a number of milliseconds.'),
);

export const portSchema = v.pipe(
  v.number(),
  v.integer((issue) => `${showValue(issue.input)} is not a port number (1-65535)`),
  v.minValue(1, (issue) => `${showValue(issue.input)} is not a port number (1-65535)`),
  v.maxValue(65535, (issue) => `${showValue(issue.input)} is not a port number (1-65535)`),
);

const port = (description: string) => v.optional(v.pipe(portSchema, v.description(description)));
const lifetime = (description: string) =>
  v.optional(v.pipe(durationSchema, v.description(description)));

export const configFileSchema = v.pipe(
  strictFields({
    $schema: v.optional(
      v.pipe(
        v.string(),
        v.description('This schema, for editors: "./sandbox.config.schema.json".'),
      ),
    ),
    wallet: v.optional(
      v.pipe(
        walletSchema,
        v.description(
          'The wallet the sandbox emulates for every app that names none (default alipayplus).',
        ),
      ),
    ),
    database: v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^(\$\{[A-Z0-9_]+\}|postgres(ql)?:\/\/)/,
          'must be a postgres:// URL, or a ${VARIABLE} that holds one (keep passwords out of the file)',
        ),
        v.description(
          'Keep every piece of platform state in this PostgreSQL database, shared by every replica (a team sandbox), e.g. "${DATABASE_URL}". SANDBOX_DATABASE_URL wins over it. Without it, the embedded store in the data folder.',
        ),
      ),
    ),
    rules: v.optional(
      v.pipe(
        rulesSchema,
        v.description(
          "The sandbox's rule modes (default: basicAndPhone, requestTime and signature refuse; firstScreen warns).",
        ),
      ),
    ),
    apps: v.optional(
      v.pipe(v.array(appFileSchema), v.description('Mini programs the wallet lists and hosts.')),
    ),
    clients: v.optional(
      v.pipe(
        v.array(clientFileSchema),
        v.description('Merchant servers that call the OpenAPI gateway.'),
      ),
    ),
    personas: v.optional(
      v.pipe(
        v.array(personaFileSchema),
        v.description(
          'Sandbox users added to (or replacing, by id) the built-in ana, bruno, chen, dara and eli.',
        ),
      ),
    ),
    lifetimes: v.optional(
      v.pipe(
        strictFields({
          authCodeTtl: lifetime('An authCode (default "5m").'),
          accessTokenTtl: lifetime('An access token (default "1h").'),
          refreshTokenTtl: lifetime('A refresh token (default "30d").'),
        }),
        v.description(
          'How long codes and tokens live, on the sandbox clock. AUTH_CODE_TTL_MS, ACCESS_TOKEN_TTL_MS and REFRESH_TOKEN_TTL_MS override them.',
        ),
      ),
    ),
    ports: v.optional(
      v.pipe(
        strictFields({
          shell: port('The wallet shell (default 7700).'),
          platform: port('The platform: gateway, wallet and control APIs (default 7701).'),
          merchant: port('The sample merchant server (default 7702).'),
          miniProgram: port('The sample mini programs (default 7703).'),
          platformTls: port(
            'The platform gateway over HTTPS, with the sandbox\'s own CA (default 7704; PLATFORM_TLS_PORT overrides it, "off" turns it off).',
          ),
        }),
        v.description(
          'Where each part listens. SHELL_PORT, PLATFORM_PORT, MERCHANT_PORT, MINI_PROGRAM_PORT and PLATFORM_TLS_PORT override them.',
        ),
      ),
    ),
  }),
  v.title('Mini program auth sandbox configuration (sandbox.config.json)'),
  v.description(
    'The mini programs, merchant clients and personas the platform registers at every start, the lifetimes of codes and tokens, and the ports of the four parts. Strings may use ${VARIABLE}: SHELL_URL, PLATFORM_URL, MERCHANT_URL, MINI_PROGRAM_URL, SANDBOX_DATA_DIR and any environment variable. Generated by `npm run config-schema`; do not edit by hand.',
  ),
);

/** The file as written, checked (before `${VAR}`s are expanded and defaults applied). */
export type SandboxConfigFile = v.InferOutput<typeof configFileSchema>;
