import { readPublicKey } from '@mp-sandbox/openapi-client';
import {
  GRANT_TYPES,
  isScopeName,
  isWalletId,
  isWalletLanguage,
  WALLET_LANGUAGES,
  readRules,
  type Rules,
  WALLET_IDS,
  type WalletId,
  SCOPES,
  type Address,
  type MerchantClient,
  type MiniProgramApp,
  type Persona,
  type PublicKeyEntry,
} from '../deps.js';
import { ControlApiError } from './errors.js';

/** Reads registry input field by field; every complaint names the field and what it must be. */
class Reader {
  constructor(private readonly body: Record<string, unknown>, private readonly kind: string) {}

  fail(field: string, rule: string): never {
    throw new ControlApiError('INVALID_BODY', `${this.kind}.${field} ${rule}`);
  }

  has(field: string): boolean {
    return this.body[field] !== undefined;
  }

  string(field: string, options: { max?: number; pattern?: RegExp; patternText?: string; optional?: boolean } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined && options.optional) return undefined;
    if (typeof value !== 'string' || value === '') this.fail(field, 'must be a non-empty string');
    if (value.length > (options.max ?? 256)) this.fail(field, `must be at most ${options.max ?? 256} characters`);
    if (options.pattern && !options.pattern.test(value)) this.fail(field, options.patternText ?? `must match ${options.pattern}`);
    return value;
  }

  required(field: string, options: Parameters<Reader['string']>[1] = {}): string {
    return this.string(field, { ...options, optional: false })!;
  }

  boolean(field: string): boolean | undefined {
    const value = this.body[field];
    if (value !== undefined && typeof value !== 'boolean') this.fail(field, 'must be true or false');
    return value as boolean | undefined;
  }

  array(field: string): unknown[] | undefined {
    const value = this.body[field];
    if (value !== undefined && !Array.isArray(value)) this.fail(field, 'must be an array');
    return value as unknown[] | undefined;
  }
}

const ID = { max: 64, pattern: /^[A-Za-z0-9_.-]+$/, patternText: 'may hold only letters, digits, _ . -' };

/** Drops absent fields, so that a partial update keeps what it does not name. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function httpUrl(reader: Reader, field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // falls through to the complaint
  }
  return reader.fail(field, 'must be an http(s) URL such as http://127.0.0.1:3000/');
}

/** A mini program to register, or the fields to change on `existing`. */
export function readApp(body: Record<string, unknown>, existing?: MiniProgramApp): MiniProgramApp {
  const r = new Reader(body, 'app');
  const optional = existing !== undefined;
  const scopes = r.array('scopes')?.map((scope, i) => {
    if (!isScopeName(scope)) r.fail(`scopes[${i}]`, `is not a known scope; known scopes: ${Object.keys(SCOPES).join(', ')}`);
    return scope;
  });
  const app = withoutUndefined({
    appId: existing?.appId ?? r.required('appId', { max: 32, pattern: /^[A-Za-z0-9]+$/, patternText: 'may hold only letters and digits (at most 32)' }),
    name: r.string('name', { max: 64, optional }),
    icon: r.string('icon', { max: 2048, optional: true }),
    url: httpUrl(r, 'url', r.string('url', { max: 2048, optional })),
    authClientId: r.string('authClientId', { ...ID, max: 128, optional }),
    scopes,
    silentKyc: r.boolean('silentKyc'),
    description: r.string('description', { max: 512, optional: true }),
    requestDomains: r.array('requestDomains')?.map((domain, i) => {
      if (typeof domain !== 'string' || !/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?$/.test(domain)) {
        r.fail(`requestDomains[${i}]`, 'must be an http(s) origin such as https://api.example.com, or a host name');
      }
      return domain;
    }),
    wallet: walletOf(r),
    rules: rulesOf(r, body['rules']),
  });
  return { icon: '📱', scopes: ['auth_base', 'auth_user'], silentKyc: false, ...existing, ...app } as MiniProgramApp;
}

function readAddress(r: Reader, value: unknown, index: number): Address {
  if (typeof value !== 'object' || value === null) return r.fail(`addresses[${index}]`, 'must be an object');
  const a = new Reader(value as Record<string, unknown>, `persona.addresses[${index}]`);
  return withoutUndefined({
    label: a.string('label', { optional: true }),
    region: a.required('region', { max: 2, pattern: /^[A-Z]{2}$/, patternText: 'must be an ISO 3166 alpha-2 code such as MX' }),
    state: a.string('state', { optional: true }),
    city: a.required('city'),
    address1: a.required('address1'),
    address2: a.string('address2', { optional: true }),
    zipCode: a.string('zipCode', { max: 16, optional: true }),
  }) as Address;
}

/** The language the persona set in the wallet: one the wallet speaks. */
function walletLanguage(r: Reader, value: string | undefined): Persona['language'] {
  if (value !== undefined && !isWalletLanguage(value)) r.fail('language', `must be one of ${WALLET_LANGUAGES.join(', ')}`);
  return value;
}

/** A persona to add, or the fields to change on `existing`. */
export function readPersona(body: Record<string, unknown>, existing?: Persona): Persona {
  const r = new Reader(body, 'persona');
  const optional = existing !== undefined;
  const status = r.string('status', { optional: true });
  if (status !== undefined && !['ACTIVE', 'FROZEN', 'INACTIVE'].includes(status)) r.fail('status', 'must be ACTIVE, FROZEN or INACTIVE');
  const gender = r.string('gender', { optional: true });
  if (gender !== undefined && gender !== 'MALE' && gender !== 'FEMALE') r.fail('gender', 'must be MALE or FEMALE');
  const kycBody = body['kyc'];
  let kyc: Persona['kyc'];
  if (kycBody !== undefined) {
    if (typeof kycBody !== 'object' || kycBody === null) r.fail('kyc', 'must be an object with documentType and documentNo');
    const k = new Reader(kycBody as Record<string, unknown>, 'persona.kyc');
    kyc = { documentType: k.required('documentType', { max: 32 }), documentNo: k.required('documentNo', { max: 64 }) };
  }
  const persona = withoutUndefined({
    id: existing?.id ?? r.required('id', ID),
    status: status as Persona['status'] | undefined,
    nickName: r.string('nickName', { max: 64, optional }),
    firstName: r.string('firstName', { max: 64, optional }),
    middleName: r.string('middleName', { max: 64, optional: true }),
    lastName: body['lastName'] === '' ? '' : r.string('lastName', { max: 64, optional: true }),
    avatar: httpUrl(r, 'avatar', r.string('avatar', { max: 2048, optional: true })),
    gender: gender as Persona['gender'] | undefined,
    birthDate: r.string('birthDate', { pattern: /^\d{4}-\d{2}-\d{2}$/, patternText: 'must be a date such as 1990-04-17', optional: true }),
    nationality: r.string('nationality', { pattern: /^[A-Z]{2}$/, patternText: 'must be an ISO 3166 alpha-2 code such as MX', optional: true }),
    mobilePhone: r.string('mobilePhone', { max: 32, pattern: /^\+?[\d ()-]+$/, patternText: 'must be a phone number such as +52 55 1234 5678', optional: true }),
    email: r.string('email', { max: 128, pattern: /^[^@\s]+@[^@\s]+$/, patternText: 'must be an email address', optional: true }),
    addresses: r.array('addresses')?.map((a, i) => readAddress(r, a, i)),
    kyc,
    language: walletLanguage(r, r.string('language', { optional: true })),
  });
  return { status: 'ACTIVE', lastName: '', addresses: [], ...existing, ...persona } as Persona;
}

/** `rules`: rule modes of this app, when given. */
function rulesOf(r: Reader, value: unknown): Partial<Rules> | undefined {
  if (value === undefined) return undefined;
  const rules = readRules(value);
  if (typeof rules === 'string') r.fail('rules', rules);
  return rules as Partial<Rules>;
}

/** `wallet`: one of the wallet profiles, when given. */
function walletOf(r: Reader): WalletId | undefined {
  const wallet = r.string('wallet', { max: 32, optional: true });
  if (wallet !== undefined && !isWalletId(wallet)) r.fail('wallet', `must be one of ${WALLET_IDS.join(', ')}`);
  return wallet as WalletId | undefined;
}

/** A merchant client to register, or the fields to change on `existing`. */
export function readClient(body: Record<string, unknown>, existing?: MerchantClient): MerchantClient {
  const r = new Reader(body, 'client');
  const publicKeys = r.array('publicKeys')?.map((entry, i): PublicKeyEntry => {
    if (typeof entry !== 'object' || entry === null) r.fail(`publicKeys[${i}]`, 'must be an object with keyVersion and pem');
    const k = new Reader(entry as Record<string, unknown>, `client.publicKeys[${i}]`);
    const pem = k.required('pem', { max: 8192 });
    // Any form a merchant holds (SPKI or PKCS#1, PEM or one-line base64); a wrong one is named.
    const read = readPublicKey(pem);
    if ('problem' in read) k.fail('pem', read.problem);
    return { keyVersion: k.required('keyVersion', { max: 16 }), pem };
  });
  const grantTypes = r.array('grantTypes')?.map((g, i) => {
    if (!GRANT_TYPES.includes(g as (typeof GRANT_TYPES)[number])) r.fail(`grantTypes[${i}]`, `must be one of ${GRANT_TYPES.join(', ')}`);
    return g as (typeof GRANT_TYPES)[number];
  });
  const signatureMode = r.string('signatureMode', { optional: true });
  if (signatureMode !== undefined && !['enforce', 'warn', 'off'].includes(signatureMode)) r.fail('signatureMode', 'must be enforce, warn or off');
  const client = withoutUndefined({
    clientId: existing?.clientId ?? r.required('clientId', { ...ID, max: 128 }),
    name: r.string('name', { max: 128, optional: true }),
    publicKeys,
    grantTypes,
    signatureMode: signatureMode as MerchantClient['signatureMode'] | undefined,
  });
  return { name: client.clientId, publicKeys: [], grantTypes: [...GRANT_TYPES], signatureMode: 'enforce', ...existing, ...client } as MerchantClient;
}
