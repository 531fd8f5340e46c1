/**
 * The gateway's result catalogue: every `result.resultCode` the sandbox can answer, with its
 * `resultStatus` and the message the platform documents. v1 and v2 name some outcomes differently
 * (`USED_CODE` vs `USED_AUTHCODE`); the v2 name is the key and `V1_NAMES` maps it.
 *
 * `S` success, `F` failed (do not retry as is), `U` unknown (retry), `A` accepted.
 */
export type ResultStatus = 'S' | 'F' | 'U' | 'A';

export interface ResultCodeDefinition {
  readonly status: ResultStatus;
  readonly message: string;
  /** What the caller should do about it; shown by the console and in error messages. */
  readonly fix?: string;
}

export const RESULT_CODES = {
  SUCCESS: { status: 'S', message: 'success' },
  // Common codes (reference §2.3).
  PROCESS_FAIL: { status: 'F', message: 'A general business failure occurred. Do not retry.' },
  PARAM_ILLEGAL: {
    status: 'F',
    message: 'Illegal parameters exist.',
    fix: 'Check the request header and body fields against the API reference.',
  },
  INVALID_API: {
    status: 'F',
    message: 'The called API is invalid or not active.',
    fix: 'Check the request path.',
  },
  ACCESS_DENIED: { status: 'F', message: 'Access is denied.' },
  // U in the v1 tables; F in the v2 common table (V2_STATUSES).
  REQUEST_TRAFFIC_EXCEED_LIMIT: {
    status: 'U',
    message: 'The request traffic exceeds the limit.',
    fix: 'Retry later.',
  },
  UNKNOWN_EXCEPTION: {
    status: 'U',
    message: 'An API calling is failed, which is caused by unknown reasons.',
    fix: 'Retry the call.',
  },
  // Signature checks (not in the MP tables; Antom's names, reference §2.1 and §7.5).
  INVALID_SIGNATURE: {
    status: 'F',
    message: 'The signature is invalid.',
    fix: 'Sign "<METHOD> <path>\\n<Client-Id>.<Request-Time>.<body>" with the private key whose public key is registered.',
  },
  KEY_NOT_FOUND: {
    status: 'F',
    message: 'The key is not found.',
    fix: 'Use a keyVersion whose public key is registered for this Client-Id.',
  },
  // applyToken (reference §3.1).
  AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE: {
    status: 'F',
    message: 'The authorized merchant does not support this grant type.',
    fix: 'Use a valid grantType.',
  },
  INVALID_AUTH_CLIENT: {
    status: 'F',
    message:
      'Either the authorized merchant does not exist or the merchant does not onboard to the native app.',
    fix: 'Use a valid authClientId.',
  },
  INVALID_AUTH_CLIENT_STATUS: {
    status: 'F',
    message: 'The status of the authorized merchant is invalid.',
  },
  INVALID_REFRESH_TOKEN: {
    status: 'F',
    message: 'The refresh token does not exist.',
    fix: 'Get a new refresh token.',
  },
  EXPIRED_REFRESH_TOKEN: {
    status: 'F',
    message: 'The refresh token expires.',
    fix: 'Get a new authCode with my.getAuthCode.',
  },
  USED_REFRESH_TOKEN: {
    status: 'F',
    message: 'The refresh token has been used.',
    fix: 'Use the refresh token of the latest exchange.',
  },
  INVALID_AUTHCODE: {
    status: 'F',
    message: 'The authorization code does not exist.',
    fix: 'Get a new authCode.',
  },
  USED_AUTHCODE: {
    status: 'F',
    message: 'The authorization code has been used.',
    fix: 'Get a new authCode.',
  },
  EXPIRED_AUTHCODE: {
    status: 'F',
    message: 'The authorization code expires.',
    fix: 'Get a new authCode.',
  },
  REFERENCE_CLIENT_ID_NOT_MATCH: {
    status: 'F',
    message: 'The referenceClientId does not match.',
    fix: 'Send the appId the authCode was issued to.',
  },
  // User info and revoke (reference §4).
  INVALID_ACCESS_TOKEN: {
    status: 'F',
    message: 'The access token is invalid.',
    fix: 'Get a new access token.',
  },
  EXPIRED_ACCESS_TOKEN: {
    status: 'F',
    message: 'The access token is expired.',
    fix: 'Get a new one with /v2/authorizations/applyToken and the refresh token.',
  },
} as const satisfies Record<string, ResultCodeDefinition>;

export type ResultCode = keyof typeof RESULT_CODES;

export function resultCodeInfo(code: ResultCode): ResultCodeDefinition {
  return RESULT_CODES[code];
}

export type ApiVersion = 'v1' | 'v2';

/** The v1 gateway's names for outcomes that v2 names differently. */
export const V1_NAMES: Partial<Record<ResultCode, string>> = {
  INVALID_AUTHCODE: 'INVALID_CODE',
  USED_AUTHCODE: 'USED_CODE',
  EXPIRED_AUTHCODE: 'EXPIRED_CODE',
};

/**
 * Where v2's table gives a code another status than v1's: REQUEST_TRAFFIC_EXCEED_LIMIT is F in the
 * v2 common error table and U in the v1 tables (reference §2.3,
 * https://miniprogram.alipay.com/docs-alipayconnect/miniprogram_alipayconnect/mpdev/error_codes).
 */
export const V2_STATUSES: Partial<Record<ResultCode, ResultStatus>> = {
  REQUEST_TRAFFIC_EXCEED_LIMIT: 'F',
};

/** The `resultStatus` a code has in one API version. */
export function wireResultStatus(code: ResultCode, version: ApiVersion): ResultStatus {
  return (version === 'v2' ? V2_STATUSES[code] : undefined) ?? RESULT_CODES[code].status;
}

/** The wire name of a result code in one API version. */
export function wireResultCode(code: ResultCode, version: ApiVersion): string {
  return version === 'v1' ? (V1_NAMES[code] ?? code) : code;
}

export function isResultCode(value: unknown): value is ResultCode {
  return typeof value === 'string' && Object.hasOwn(RESULT_CODES, value);
}

/** The catalogue key for a wire name of either version (`USED_CODE` → `USED_AUTHCODE`). */
export function resultCodeFromWire(wire: string): ResultCode | undefined {
  if (isResultCode(wire)) return wire;
  const entry = Object.entries(V1_NAMES).find(([, v1]) => v1 === wire);
  return entry ? (entry[0] as ResultCode) : undefined;
}

export interface Result {
  resultCode: string;
  resultStatus: ResultStatus;
  resultMessage: string;
}
