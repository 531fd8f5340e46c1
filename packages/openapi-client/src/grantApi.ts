import type { ApplyTokenResponse, UserInfo } from '@mp-sandbox/protocol';
import type { OpenApiClient } from './client.js';
import { GatewayResponseError } from './errors.js';

/**
 * The four calls of a user grant, in one API version. v1 and v2 differ in paths and fields
 * (reference §3-4); the token manager is written once against this.
 */
export interface GrantApi {
  exchangeCode(authCode: string): Promise<ApplyTokenResponse>;
  refresh(refreshToken: string): Promise<ApplyTokenResponse>;
  userInfo(accessToken: string): Promise<UserInfo>;
  revoke(accessToken: string): Promise<void>;
}

export interface GrantApiOptions {
  client: OpenApiClient;
  /** The mini program's id (v2 `appId`, v1 `referenceClientId`). */
  appId: string;
  /** The merchant's client id the super app assigned (usually the `Client-Id` the client signs with). */
  authClientId: string;
  version: 'v1' | 'v2';
  /**
   * The wallet's `siteName` (my.getSiteInfo). v1 needs it in `extendInfo` in the mini program
   * scenario; v2 sends it as `customerBelongsTo` when given (some wallets require it).
   */
  customerBelongsTo?: string;
}

function userInfoOf(path: string, response: { userInfo?: UserInfo }): UserInfo {
  if (!response.userInfo) {
    throw new GatewayResponseError(
      `${path}: the answer is SUCCESS but has no userInfo`,
      200,
      JSON.stringify(response),
    );
  }
  return response.userInfo;
}

export function grantApi(options: GrantApiOptions): GrantApi {
  const { client, appId, authClientId, customerBelongsTo } = options;
  if (options.version === 'v1') {
    if (!customerBelongsTo)
      throw new TypeError(
        "v1 needs customerBelongsTo (the wallet's siteName): the gateway requires it in extendInfo",
      );
    // Sent on every v1 call: the docs make it mandatory for applyToken in the mini program
    // scenario, and the other v1 APIs accept it.
    const extendInfo = JSON.stringify({ customerBelongsTo });
    return {
      exchangeCode: (authCode) =>
        client.applyTokenV1({
          grantType: 'AUTHORIZATION_CODE',
          authCode,
          referenceClientId: appId,
          extendInfo,
        }),
      refresh: (refreshToken) =>
        client.applyTokenV1({ grantType: 'REFRESH_TOKEN', refreshToken, extendInfo }),
      userInfo: async (accessToken) =>
        userInfoOf(
          'inquiryUserInfoByAccessToken',
          await client.inquiryUserInfoV1({ authClientId, accessToken, extendInfo }),
        ),
      revoke: async (accessToken) => void (await client.cancelTokenV1({ accessToken, extendInfo })),
    };
  }
  const belongsTo = customerBelongsTo ? { customerBelongsTo } : {};
  return {
    exchangeCode: (authCode) =>
      client.applyToken({
        appId,
        authClientId,
        grantType: 'AUTHORIZATION_CODE',
        authCode,
        ...belongsTo,
      }),
    // appId lets the gateway refuse a refresh token of another app before it is spent.
    refresh: (refreshToken) =>
      client.applyToken({
        appId,
        authClientId,
        grantType: 'REFRESH_TOKEN',
        refreshToken,
        ...belongsTo,
      }),
    userInfo: async (accessToken) =>
      userInfoOf(
        'inquiryUserInfo',
        await client.inquiryUserInfo({ appId, authClientId, accessToken, ...belongsTo }),
      ),
    revoke: async (accessToken) => void (await client.revoke({ appId, authClientId, accessToken })),
  };
}
