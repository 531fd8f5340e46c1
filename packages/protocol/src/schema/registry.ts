/**
 * Apps, merchant clients and personas: one rule set for the config file (`sandbox.config.json`)
 * and the control API (`POST /sandbox/v1/apps` …), and one set of defaults. The two differ only
 * where they must: the file may write `${VARIABLE}` in URLs (expanded after the check) and name a
 * key `file`; the API takes URLs as they are and keys as PEM text.
 */
import * as v from 'valibot';
import { GRANT_TYPES, type GrantType } from '../openapi.js';
import type { MerchantClient, MiniProgramApp, SignatureMode } from '../registry.js';
import { RULE_MODES, RULES, type PlatformRule, type RuleMode } from '../rules.js';
import type { ScopeName } from '../scopes.js';
import type { Address, Persona } from '../user.js';
import { WALLET_LANGUAGES } from '../languages.js';
import { WALLET_IDS, type WalletId } from '../walletProfiles.js';
import {
  didYouMean,
  looseFields,
  showValue,
  strictFields,
  uniqueItems,
  withJsonSchema,
} from './check.js';
import { scopeSchema } from './scopes.js';

const notEmpty = v.minLength<string, 1, string>(1, 'must not be empty');
const atMost = <const N extends number>(max: N) =>
  v.maxLength<string, N, v.ErrorMessage<v.MaxLengthIssue<string, N>>>(
    max,
    (issue) => `must be at most ${max} characters (it has ${(issue.input as string).length})`,
  );
const pattern = (regex: RegExp, rule: string) =>
  v.regex<string, v.ErrorMessage<v.RegexIssue<string>>>(
    regex,
    (issue) => `${showValue(issue.input)} ${rule}`,
  );

/** A non-empty string of at most `max` characters, and what it is for. */
export const textField = (description: string, max = 256) =>
  v.pipe(v.string(), notEmpty, atMost(max), v.description(description));

/** One of a list, with the nearest name when it is misspelt. */
function oneOf<const T extends readonly string[]>(values: T, what?: string) {
  return v.picklist(values, (issue) => {
    const hint = didYouMean(issue.input, values);
    return what
      ? `${showValue(issue.input)} is not ${what}${hint}; known: ${values.join(', ')}`
      : `${showValue(issue.input)} must be one of ${values.join(', ')}${hint}`;
  });
}

const VARIABLE = '\\$\\{[A-Z0-9_]+\\}';
const ID_CHARS = /^[A-Za-z0-9_.-]{1,128}$/;
const COUNTRY = /^[A-Z]{2}$/;

export const grantTypeSchema = oneOf(GRANT_TYPES as readonly GrantType[], 'a grant type');
export const walletSchema = v.pipe(
  oneOf(WALLET_IDS as readonly WalletId[]),
  v.description(
    'A wallet profile (packages/protocol/src/walletProfiles.ts): its gateway paths, user-info shape, authErrorScopes value and authCode lifetime.',
  ),
);

export const rulesSchema = v.pipe(
  strictFields(
    Object.fromEntries(
      Object.entries(RULES).map(([name, rule]) => [
        name,
        v.optional(
          v.pipe(
            oneOf(RULE_MODES as readonly RuleMode[]),
            v.description(`${rule[0]!.toUpperCase()}${rule.slice(1)}.`),
          ),
        ),
      ]),
    ) as unknown as Record<PlatformRule, v.OptionalSchema<v.GenericSchema<RuleMode>, undefined>>,
  ),
  v.description(
    'Rule modes: refuse (as production), warn (let through, with a rule.warning), off.',
  ),
);

const appIdSchema = v.pipe(
  v.string(),
  pattern(/^[A-Za-z0-9]{1,32}$/, 'must be 1 to 32 letters and digits, such as 3333010071465913'),
  v.description('The mini program ID: 1 to 32 letters and digits.'),
);
const clientIdSchema = (description: string) =>
  v.pipe(
    v.string(),
    pattern(ID_CHARS, 'must be a client ID: 1 to 128 letters, digits, _ . -'),
    v.description(description),
  );

/** URLs: the file may start one with `${VARIABLE}` (checked again once expanded); the API may not. */
export type UrlRule = 'file' | 'api';

function httpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function urlSchema(rule: UrlRule, description: string) {
  const base = v.pipe(v.string(), notEmpty, atMost(2048));
  if (rule === 'file') {
    return v.pipe(
      base,
      pattern(
        new RegExp(`^(https?://\\S+|${VARIABLE}\\S*)$`),
        'must be an http(s) URL such as http://127.0.0.1:3000/, or start with a ${VARIABLE} such as ${MINI_PROGRAM_URL}',
      ),
      v.description(description),
    );
  }
  return v.pipe(
    base,
    v.check(
      httpUrl,
      (issue) => `${showValue(issue.input)} must be an http(s) URL such as http://127.0.0.1:3000/`,
    ),
    v.description(description),
  );
}

/** What `requestDomains` may hold once variables are expanded. */
export const REQUEST_DOMAIN = /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?$/;
const DOMAIN_RULE = 'must be an http(s) origin such as https://api.example.com, or a host name';

function requestDomainSchema(rule: UrlRule) {
  const regex =
    rule === 'file'
      ? new RegExp(`^((https?://)?[A-Za-z0-9.-]+(:[0-9]+)?|.*${VARIABLE}.*)$`)
      : REQUEST_DOMAIN;
  return v.pipe(
    v.string(),
    pattern(regex, rule === 'file' ? `${DOMAIN_RULE}, or use a \${VARIABLE}` : DOMAIN_RULE),
  );
}

/** A mini program's fields (every one optional here: `appSchema` says which are required). */
function appEntries(rule: UrlRule) {
  return {
    appId: appIdSchema,
    name: textField('The name the wallet shows.', 64),
    icon: v.optional(textField('An emoji or an image URL (default 📱).', 2048)),
    url: urlSchema(
      rule,
      'The page the wallet loads; its origin is the only one the bridge hears from. http(s), may start with ${MINI_PROGRAM_URL} or another variable.',
    ),
    authClientId: clientIdSchema(
      "The clientId of the merchant client (in clients) that exchanges this app's authCodes.",
    ),
    scopes: v.optional(
      v.pipe(
        v.array(scopeSchema),
        uniqueItems(),
        v.description(
          'The scopes the app may ask for; others are refused (default auth_base, auth_user).',
        ),
      ),
    ),
    silentKyc: v.optional(
      v.pipe(
        v.boolean(),
        v.description(
          'Administrator approval: User_Customer_KYC_Info is granted without a consent sheet (default false).',
        ),
      ),
    ),
    description: v.optional(textField('What the wallet says about the app.', 512)),
    requestDomains: v.optional(
      v.pipe(
        v.array(requestDomainSchema(rule)),
        v.description(
          "Origins my.request may reach besides the app's own (the server-domain whitelist).",
        ),
      ),
    ),
    wallet: v.optional(
      v.pipe(
        walletSchema,
        v.description('The wallet this app runs in (default: the file\'s "wallet").'),
      ),
    ),
    rules: v.optional(
      v.pipe(rulesSchema, v.description('This app\'s rule modes, over the file\'s "rules".')),
    ),
  };
}

const appSchema = (rule: UrlRule) =>
  v.pipe(strictFields(appEntries(rule)), v.description('A mini program.'));
export const appFileSchema = appSchema('file');
/** `POST /sandbox/v1/apps`; PATCH takes `appPatchSchema`, every field optional. */
export const appApiSchema = looseFields(appEntries('api'));
export const appPatchSchema = v.partial(appApiSchema);

const keyVersionSchema = v.pipe(
  v.string(),
  pattern(/^[A-Za-z0-9_.-]{1,16}$/, 'must be 1 to 16 letters, digits, _ . -, such as "1"'),
  v.description('The keyVersion of the Signature header, such as "1".'),
);
const pemSchema = v.pipe(
  v.string(),
  notEmpty,
  atMost(8192),
  v.description(
    'The public key: SPKI PEM (-----BEGIN PUBLIC KEY-----), PKCS#1 PEM (-----BEGIN RSA PUBLIC KEY-----), or the one-line base64 of either.',
  ),
);

/** A key in the file: its PEM text or a file, exactly one. */
export const publicKeyFileSchema = v.pipe(
  strictFields({
    keyVersion: keyVersionSchema,
    pem: v.optional(pemSchema),
    file: v.optional(
      textField(
        "A public key file (any form pem takes), read when a request comes; relative to this file's folder, or ${SANDBOX_DATA_DIR}/keys/….",
        4096,
      ),
    ),
  }),
  withJsonSchema(
    v.check(
      (key: { keyVersion: string; pem?: string; file?: string }) =>
        (key.pem === undefined) !== (key.file === undefined),
      (issue) =>
        (issue.input as { pem?: string }).pem !== undefined
          ? 'give pem or file, not both'
          : 'give pem (the PEM text) or file (a .pem file): one of them',
    ),
    { oneOf: [{ required: ['pem'] }, { required: ['file'] }] },
  ),
  v.description('A public key: give pem or file, not both.'),
);

/** A key sent to the control API: its PEM text. */
export const publicKeyApiSchema = looseFields({ keyVersion: keyVersionSchema, pem: pemSchema });

const SIGNATURE_MODES = ['enforce', 'warn', 'off'] as const satisfies readonly SignatureMode[];

function clientEntries<K extends v.GenericSchema>(key: K) {
  return {
    clientId: clientIdSchema('The Client-Id the merchant server sends.'),
    name: v.optional(textField('A name for people (default the clientId).', 128)),
    publicKeys: v.optional(
      v.pipe(
        v.array(key),
        v.description(
          "The public keys that verify the merchant's request signatures, by keyVersion. `npm run keys -- create <clientId> --config <file>` adds one.",
        ),
      ),
    ),
    grantTypes: v.optional(
      v.pipe(
        v.array(grantTypeSchema),
        v.minLength(1, 'must list at least 1'),
        uniqueItems(),
        v.description('The applyToken grant types the client may use (default both).'),
      ),
    ),
    signatureMode: v.optional(
      v.pipe(
        oneOf(SIGNATURE_MODES),
        v.description(
          'enforce: bad signatures are refused (default); warn: let through with an X-Sandbox-Warning header; off: not checked.',
        ),
      ),
    ),
  };
}

export const clientFileSchema = v.pipe(
  strictFields(clientEntries(publicKeyFileSchema)),
  v.description('A merchant server (its Client-Id header).'),
);
/** `POST /sandbox/v1/clients`; PATCH takes `clientPatchSchema`. */
export const clientApiSchema = looseFields(clientEntries(publicKeyApiSchema));
export const clientPatchSchema = v.partial(clientApiSchema);

const countrySchema = (description: string) =>
  v.pipe(
    v.string(),
    pattern(COUNTRY, 'must be an ISO 3166 alpha-2 code such as MX'),
    v.description(description),
  );

export const addressSchema = strictFields({
  label: v.optional(textField('Such as Home.')),
  region: countrySchema('ISO 3166 alpha-2 country, such as MX.'),
  state: v.optional(textField('State or province.')),
  city: textField('City.'),
  address1: textField('Street and number.'),
  address2: v.optional(textField('More of the address.')),
  zipCode: v.optional(textField('Postal code.', 16)),
});

function realDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function personaEntries(rule: UrlRule) {
  return {
    id: v.pipe(
      v.string(),
      pattern(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, _ . -'),
      v.description('The user ID; ?persona=<id> opens the wallet as this user.'),
    ),
    status: v.optional(
      v.pipe(
        oneOf(['ACTIVE', 'FROZEN', 'INACTIVE'] as const),
        v.description('Account status (default ACTIVE).'),
      ),
    ),
    nickName: textField('Nickname.', 64),
    firstName: textField('First name.', 64),
    middleName: v.optional(textField('Middle name.', 64)),
    lastName: v.optional(
      v.pipe(v.string(), atMost(64), v.description('Last name (default empty).')),
    ),
    avatar: v.optional(
      rule === 'file'
        ? v.pipe(
            v.string(),
            notEmpty,
            atMost(2048),
            pattern(
              new RegExp(`^(https?://\\S+|${VARIABLE}\\S*)$`),
              'must be an http(s) URL, or start with a ${VARIABLE}',
            ),
            v.description('An avatar image URL.'),
          )
        : urlSchema('api', 'An avatar image URL.'),
    ),
    gender: v.optional(oneOf(['MALE', 'FEMALE'] as const)),
    birthDate: v.optional(
      v.pipe(
        v.string(),
        pattern(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'must be a date such as 1990-04-17'),
        withJsonSchema(
          v.check(realDate, (issue) => `${showValue(issue.input)} is not a date of the calendar`),
          { format: 'date' },
        ),
        v.description('Such as 1990-04-17.'),
      ),
    ),
    nationality: v.optional(countrySchema('ISO 3166 alpha-2, such as MX.')),
    mobilePhone: v.optional(
      v.pipe(
        v.string(),
        atMost(32),
        pattern(/^\+?[0-9 ()-]+$/, 'must be a phone number such as +52 55 1234 5678'),
        v.description('Such as +52 55 1234 5678.'),
      ),
    ),
    email: v.optional(
      v.pipe(v.string(), atMost(128), pattern(/^[^@\s]+@[^@\s]+$/, 'must be an email address')),
    ),
    addresses: v.optional(
      v.pipe(v.array(addressSchema), v.description('Delivery addresses (default none).')),
    ),
    kyc: v.optional(
      v.pipe(
        strictFields({
          documentType: textField('Such as PASSPORT.', 32),
          documentNo: textField('The document number.', 64),
        }),
        v.description('Verified identity; without it the user has no KYC.'),
      ),
    ),
    language: v.optional(
      v.pipe(
        oneOf(WALLET_LANGUAGES, 'a language the wallet speaks'),
        v.description(
          "The language the user set in the wallet (en, es, pt-BR, zh-Hans); the browser's when absent.",
        ),
      ),
    ),
  };
}

const personaSchema = (rule: UrlRule) =>
  v.pipe(
    strictFields(personaEntries(rule)),
    v.description('A sandbox user (the Persona of packages/protocol/src/user.ts).'),
  );
export const personaFileSchema = personaSchema('file');
/** `POST /sandbox/v1/personas`; PATCH takes `personaPatchSchema`. */
export const personaApiSchema = looseFields(personaEntries('api'));
export const personaPatchSchema = v.partial(personaApiSchema);

/** What an app, a client or a persona is when the file or the request leaves a field out (fresh each call). */
export const REGISTRY_DEFAULTS = {
  app: () => ({ icon: '📱', scopes: ['auth_base', 'auth_user'] as ScopeName[], silentKyc: false }),
  client: (clientId: string) => ({
    name: clientId,
    publicKeys: [],
    grantTypes: [...GRANT_TYPES],
    signatureMode: 'enforce' as const,
  }),
  persona: () => ({ status: 'ACTIVE' as const, lastName: '', addresses: [] as Address[] }),
} satisfies {
  app: () => Partial<MiniProgramApp>;
  client: (clientId: string) => Partial<MerchantClient>;
  persona: () => Partial<Persona>;
};

export type AppInput = v.InferOutput<typeof appApiSchema>;
export type ClientFileInput = v.InferOutput<typeof clientFileSchema>;
export type ClientApiInput = v.InferOutput<typeof clientApiSchema>;
export type PersonaInput = v.InferOutput<typeof personaApiSchema>;
