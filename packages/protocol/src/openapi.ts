import type { Result } from './resultCodes.js';
import type { UserInfo } from './user.js';
import { canonicalGatewayPath } from './walletProfiles.js';

/** The merchant-facing OpenAPI paths, as the real gateway serves them. */
export const OPENAPI_PATHS = {
  applyTokenV2: '/v2/authorizations/applyToken',
  applyTokenV1: '/v1/authorizations/applyToken',
  inquiryUserInfoV2: '/v2/users/inquiryUserInfo',
  inquiryUserInfoV1: '/v1/customers/user/inquiryUserInfoByAccessToken',
  revokeV2: '/v2/authorizations/revoke',
  cancelTokenV1: '/v1/authorizations/cancelToken',
} as const;

/** The gateway serves every path at the root and under this prefix (`/api/open/v2/...`). */
export const OPENAPI_PREFIX = '/api/open';

export type GrantType = 'AUTHORIZATION_CODE' | 'REFRESH_TOKEN';
export const GRANT_TYPES: readonly GrantType[] = ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'];

export interface ApplyTokenV2Request {
  appId?: string;
  authClientId?: string;
  grantType: GrantType;
  customerBelongsTo?: string;
  authCode?: string;
  refreshToken?: string;
  extendInfo?: string;
}

export interface ApplyTokenV1Request {
  referenceClientId?: string;
  grantType: GrantType;
  authCode?: string;
  refreshToken?: string;
  extendInfo?: string;
}

export interface ApplyTokenResponse {
  result: Result;
  accessToken?: string;
  accessTokenExpiryTime?: string;
  refreshToken?: string;
  refreshTokenExpiryTime?: string;
  customerId?: string;
  extendInfo?: string;
}

export interface InquiryUserInfoV2Request {
  appId?: string;
  authClientId?: string;
  accessToken: string;
  customerBelongsTo?: string;
  extendInfo?: string;
}

export interface InquiryUserInfoV1Request {
  authClientId?: string;
  accessToken: string;
  extendInfo?: string;
}

export interface InquiryUserInfoResponse {
  result: Result;
  userInfo?: UserInfo;
}

export interface RevokeV2Request {
  appId?: string;
  authClientId?: string;
  accessToken: string;
  extendInfo?: string;
}

export interface CancelTokenV1Request {
  accessToken: string;
  extendInfo?: string;
}

export interface RevokeResponse {
  result: Result;
  extendInfo?: string;
}

/** Any gateway response: the outcome is always in `result`. */
export interface OpenApiResponse {
  result: Result;
}

/** The gateway's APIs by name, each with the paths of both versions; faults and events use them. */
export const OPENAPI_APIS = {
  applyToken: [OPENAPI_PATHS.applyTokenV2, OPENAPI_PATHS.applyTokenV1],
  inquiryUserInfo: [OPENAPI_PATHS.inquiryUserInfoV2, OPENAPI_PATHS.inquiryUserInfoV1],
  revoke: [OPENAPI_PATHS.revokeV2, OPENAPI_PATHS.cancelTokenV1],
} as const;

export type OpenApiName = keyof typeof OPENAPI_APIS;

/** The API a gateway path belongs to, under any wallet's prefix (`/api/open`, `/acl/api` …) or alias. */
export function openApiNameOf(path: string): OpenApiName | undefined {
  const bare = canonicalGatewayPath(path);
  const entry = Object.entries(OPENAPI_APIS).find(([, paths]) =>
    (paths as readonly string[]).includes(bare),
  );
  return entry?.[0] as OpenApiName | undefined;
}
