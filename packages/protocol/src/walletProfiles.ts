/**
 * Wallet profiles: what differs between the super apps that run Alipay+ mini programs, as data.
 * Every value names the public page it comes from; a value no page gives is marked as the
 * sandbox's choice. An app (or the whole sandbox) picks one with `"wallet"` in the config.
 *
 * This module imports nothing: openapi.ts builds its path helpers on it.
 */

export type WalletId = 'alipayplus' | 'claro' | 'gcash' | 'tng' | 'vodapay';

/** The canonical gateway paths (as in OPENAPI_PATHS) that an alias may stand for. */
export type CanonicalGatewayPath =
  | '/v2/authorizations/applyToken'
  | '/v1/authorizations/applyToken'
  | '/v2/users/inquiryUserInfo'
  | '/v1/customers/user/inquiryUserInfoByAccessToken'
  | '/v2/authorizations/revoke'
  | '/v1/authorizations/cancelToken';

/**
 * How `userInfo` is shaped: the Alipay+ connect User (`userName`, `contactInfos`, `loginIdInfos`,
 * `userAddresses`), or Claro's flat user (`phoneNumber`, `email`, `deliveryAddress[]`,
 * `documentType`, `documentNo`, `name`, `surname`).
 */
export type UserInfoShape = 'alipayplus' | 'claro';

export interface WalletProfile {
  id: WalletId;
  /** The wallet's name, as the shell shows it. */
  name: string;
  /** The shell's look for this wallet: the accent colour of its dot beside the wallet's name. */
  look: { accent: string };
  /** Where merchants post: every prefix serves every path ('' is the root). */
  prefixes: string[];
  /** Other paths the wallet documents for the same operations. */
  aliases: Record<string, CanonicalGatewayPath>;
  userInfoShape: UserInfoShape;
  /** The value of each `authErrorScopes` entry when the user refuses a scope. */
  authErrorScopeValue: string;
  /** How long an authCode lives when the config does not say. */
  authCodeTtlMs: number;
  /** What the wallet calls itself in `customerBelongsTo` (v2 field, v1 extendInfo). */
  customerBelongsTo: string;
  /** How `hashLoginId` is made. */
  hashLoginId: 'sha256-hex';
  /** The public pages the values come from. */
  sources: string[];
}

const MINUTE = 60_000;

/** The Alipay+ docs list the API under the site's gateway as `https://{domain}/api/open/{path}`. */
const ALIPAYPLUS_PREFIXES = ['', '/api/open'];

export const WALLET_PROFILES: Record<WalletId, WalletProfile> = {
  alipayplus: {
    id: 'alipayplus',
    name: 'Alipay+ Wallet',
    look: { accent: '#1677ff' },
    // https://miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/mpdev/openapi_overview
    prefixes: ALIPAYPLUS_PREFIXES,
    aliases: {},
    // https://miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/mpdev/v2_users_inquiryuserinfo
    userInfoShape: 'alipayplus',
    // https://miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/mpdev/api_openapi_getauthcode
    authErrorScopeValue: '10001',
    // Not stated by Alipay+; the sandbox's default (reference note, section 5).
    authCodeTtlMs: 5 * MINUTE,
    // https://miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/mpdev/v2_applytoken lists the
    // wallets' values (ALIPAY_CN, TNG, GCASH, …); a generic Alipay+ wallet has none, so: the sandbox's.
    customerBelongsTo: 'SANDBOX',
    // Sandbox choice: the docs name HASH_LOGIN_ID without the algorithm; SHA-256 hex, as the brief documents.
    hashLoginId: 'sha256-hex',
    sources: [
      'https://miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/mpdev/openapi_overview',
      'https://miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/mpdev/v2_users_inquiryuserinfo',
    ],
  },
  claro: {
    id: 'claro',
    name: 'Claro',
    look: { accent: '#da291c' },
    prefixes: ALIPAYPLUS_PREFIXES,
    aliases: {
      // "the ISV or merchant server calls the /v2/oauths/applyToken OpenAPI"
      // https://miniprogram.alipay.com/docs-Claro/miniprogram_Claro/mpdev/capability-user-information
      '/v2/oauths/applyToken': '/v2/authorizations/applyToken',
    },
    // User: userId, phoneNumber, email, documentType, documentNo, name, surname, deliveryAddress
    // https://miniprogram.alipay.com/docs/miniprogram_claro/mpdev/v2_data_dict
    userInfoShape: 'claro',
    // Claro's getAuthCode page shows no refusal value; the Alipay+ one.
    authErrorScopeValue: '10001',
    // "authCode can only be used once and will automatically expire within one day"
    // https://miniprogram.alipay.com/docs-Claro/miniprogram_Claro/mpdev/capability-user-information
    authCodeTtlMs: 24 * 60 * MINUTE,
    // Not in Claro's pages; the sandbox's choice.
    customerBelongsTo: 'CLARO',
    hashLoginId: 'sha256-hex',
    sources: [
      'https://miniprogram.alipay.com/docs-Claro/miniprogram_Claro/mpdev/capability-user-information',
      'https://miniprogram.alipay.com/docs/miniprogram_claro/mpdev/v2_data_dict',
      'https://miniprogram.alipay.com/docs-Claro/miniprogram_Claro/mpdev/v2_users_inquiryuserinfo',
    ],
  },
  gcash: {
    id: 'gcash',
    name: 'GCash',
    look: { accent: '#007cff' },
    // Old GCash overview: `https://{host}/api/{restful_path}`
    // https://miniprogram.gcash.com/docs/miniprogram_gcash/mpdev-old/xxpbkg
    prefixes: [...ALIPAYPLUS_PREFIXES, '/api'],
    aliases: {},
    userInfoShape: 'alipayplus',
    // `{ "authErrorScopes": { "auth_user": "40006" } }`
    // https://miniprogram.gcash.com/docs/miniprogram_gcash/mpdev/api_openapi_getauthcode
    authErrorScopeValue: '40006',
    authCodeTtlMs: 5 * MINUTE,
    // https://miniprogram.gcash.com/docs/miniprogram_gcash/mpdev/v2_applytoken (valid values include GCASH)
    customerBelongsTo: 'GCASH',
    hashLoginId: 'sha256-hex',
    sources: [
      'https://miniprogram.gcash.com/docs/miniprogram_gcash/mpdev-old/xxpbkg',
      'https://miniprogram.gcash.com/docs/miniprogram_gcash/mpdev/api_openapi_getauthcode',
      'https://miniprogram.gcash.com/docs/miniprogram_gcash/mpdev/v2_applytoken',
    ],
  },
  tng: {
    id: 'tng',
    name: "Touch 'n Go eWallet",
    look: { accent: '#005abb' },
    // TNG overview: `https://{host}/acl/api/{restful_path}`
    // https://miniprogram.tngdigital.com.my/docs/miniprogram_tngd/mpdev/rekqh-qm
    prefixes: [...ALIPAYPLUS_PREFIXES, '/acl/api'],
    aliases: {},
    userInfoShape: 'alipayplus',
    authErrorScopeValue: '10001',
    authCodeTtlMs: 5 * MINUTE,
    // "customerBelongsTo … Valid values are: … "TNG""
    // https://miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/mpdev/v2_applytoken
    customerBelongsTo: 'TNG',
    hashLoginId: 'sha256-hex',
    sources: [
      'https://miniprogram.tngdigital.com.my/docs/miniprogram_tngd/mpdev/rekqh-qm',
      'https://miniprogram.tngdigital.com.my/docs/miniprogram_tngd/mpdev/error_codes',
    ],
  },
  vodapay: {
    id: 'vodapay',
    name: 'VodaPay',
    look: { accent: '#e60000' },
    prefixes: ALIPAYPLUS_PREFIXES,
    aliases: {
      // Public VodaPay merchant samples post here (reference note, 2.1 and 3.3; seen in code, not in a doc page).
      '/v2/authorizations/applyTokenSigned': '/v2/authorizations/applyToken',
      '/v2/customers/user/inquiryUserInfo': '/v2/users/inquiryUserInfo',
    },
    userInfoShape: 'alipayplus',
    // https://developer.vodapay.vodacom.co.za/docs/miniprogram_vodacom/mpdev/api_openapi_getauthcode
    authErrorScopeValue: '10001',
    authCodeTtlMs: 5 * MINUTE,
    // Not in VodaPay's pages; the sandbox's choice.
    customerBelongsTo: 'VODAPAY',
    hashLoginId: 'sha256-hex',
    sources: [
      'https://developer.vodapay.vodacom.co.za/docs/miniprogram_vodacom/mpdev/api_openapi_getauthcode',
    ],
  },
};

export const WALLET_IDS = Object.keys(WALLET_PROFILES) as WalletId[];
export const DEFAULT_WALLET: WalletId = 'alipayplus';

export function isWalletId(value: unknown): value is WalletId {
  return typeof value === 'string' && (WALLET_IDS as string[]).includes(value);
}

export function walletProfile(id: WalletId | undefined): WalletProfile {
  return WALLET_PROFILES[id ?? DEFAULT_WALLET];
}

/** Every prefix any wallet documents, longest first (so `/api/open` is tried before `/api`). */
export const GATEWAY_PREFIXES: string[] = [
  ...new Set(Object.values(WALLET_PROFILES).flatMap((p) => p.prefixes)),
]
  .filter((prefix) => prefix !== '')
  .sort((a, b) => b.length - a.length);

/** Every alias any wallet documents, to the canonical path it stands for. */
export const GATEWAY_ALIASES: Record<string, CanonicalGatewayPath> = Object.assign(
  {},
  ...Object.values(WALLET_PROFILES).map((p) => p.aliases),
);

/**
 * The path without its gateway prefix, with an alias turned into the path it stands for:
 * `/acl/api/v2/oauths/applyToken` → `/v2/authorizations/applyToken`.
 */
export function canonicalGatewayPath(path: string): string {
  const prefix = GATEWAY_PREFIXES.find((p) => path.startsWith(`${p}/`));
  const bare = prefix ? path.slice(prefix.length) : path;
  return GATEWAY_ALIASES[bare] ?? bare;
}
