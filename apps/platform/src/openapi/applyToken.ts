import { formatGatewayTime, type GRANT_TYPES, type MerchantClient } from '../deps.js';
import type { TokenRecord } from '../domain/model.js';
import { OpenApiError, paramIllegal } from '../domain/errors.js';
import type { Platform } from '../platform.js';
import type { GatewayCall } from './context.js';
import { resultAnswer, type GatewayAnswer } from './respond.js';
import {
  FIELD_RULES,
  GRANT_TYPE_RULE,
  optionalString,
  requiredString,
  V1_AUTH_CODE_RULE,
} from './validate.js';

/** `authClientId`, when sent, must name the client that signed the request. */
export function checkAuthClientId(body: Record<string, unknown>, client: MerchantClient): void {
  const authClientId = optionalString(body, 'authClientId', FIELD_RULES.authClientId);
  if (authClientId !== undefined && authClientId !== client.clientId) {
    throw new OpenApiError(
      'INVALID_AUTH_CLIENT',
      `authClientId ${authClientId} is not the Client-Id that signed the request (${client.clientId}).`,
    );
  }
}

/** v1 in the mini program scenario: extendInfo must carry customerBelongsTo (the wallet's siteName). */
function checkV1ExtendInfo(extendInfo: string | undefined): void {
  const parsed = extendInfo === undefined ? undefined : (JSON.parse(extendInfo) as unknown);
  const belongsTo =
    parsed && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>)['customerBelongsTo']
      : undefined;
  if (typeof belongsTo !== 'string' || belongsTo === '') {
    throw paramIllegal(
      'extendInfo',
      'must be a JSON text with customerBelongsTo (the wallet\'s siteName from my.getSiteInfo), e.g. "{\\"customerBelongsTo\\":\\"SANDBOX\\"}"',
    );
  }
}

/**
 * POST /v2/authorizations/applyToken and /v1/authorizations/applyToken: trade an authCode, or a
 * refresh token, for a new token pair.
 */
export function applyToken(platform: Platform) {
  return async (call: GatewayCall): Promise<GatewayAnswer> => {
    const locals = call.locals;
    const body = locals.body!;
    const client = locals.client!;
    const v1 = locals.version === 'v1';
    const grantType = requiredString(body, 'grantType', GRANT_TYPE_RULE);
    checkAuthClientId(body, client);
    const extendInfo = optionalString(body, 'extendInfo', FIELD_RULES.extendInfo);
    if (v1) checkV1ExtendInfo(extendInfo);
    optionalString(body, 'customerBelongsTo', FIELD_RULES.customerBelongsTo);
    if (!client.grantTypes.includes(grantType as (typeof GRANT_TYPES)[number])) {
      throw new OpenApiError(
        'AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE',
        `client ${client.clientId} may use ${client.grantTypes.join(', ') || 'no grant type'}, not ${grantType}.`,
      );
    }

    let pair: TokenRecord;
    if (grantType === 'AUTHORIZATION_CODE') {
      const when = 'grantType is AUTHORIZATION_CODE';
      const authCode = requiredString(
        body,
        'authCode',
        v1 ? V1_AUTH_CODE_RULE : FIELD_RULES.authCode,
        when,
      );
      const appId = v1
        ? optionalString(body, 'referenceClientId', FIELD_RULES.referenceClientId)
        : requiredString(body, 'appId', FIELD_RULES.appId, when);
      if (!v1) requiredString(body, 'authClientId', FIELD_RULES.authClientId, when);
      pair = await platform.authorizations.exchangeCode({
        clientId: client.clientId,
        code: authCode,
        version: locals.version,
        ...(appId !== undefined && { appId }),
      });
    } else {
      const refreshToken = requiredString(
        body,
        'refreshToken',
        FIELD_RULES.refreshToken,
        'grantType is REFRESH_TOKEN',
      );
      const appId = optionalString(body, 'appId', FIELD_RULES.appId);
      // The appId is checked inside refresh, before the rotation is committed: a refused request
      // must not spend the refresh token.
      pair = await platform.authorizations.refresh({
        clientId: client.clientId,
        refreshToken,
        ...(appId !== undefined && { appId }),
      });
    }
    return resultAnswer(platform, call, 'SUCCESS', {
      accessToken: pair.accessToken,
      accessTokenExpiryTime: formatGatewayTime(pair.accessExpiresAt),
      refreshToken: pair.refreshToken,
      refreshTokenExpiryTime: formatGatewayTime(pair.refreshExpiresAt),
      customerId: pair.customerId,
    });
  };
}
