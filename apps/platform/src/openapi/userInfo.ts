import { OpenApiError } from '../domain/errors.js';
import { projectUserInfo } from '../domain/userInfo.js';
import type { Platform } from '../platform.js';
import { avatarUrl } from '../http/avatars.js';
import { checkAuthClientId } from './applyToken.js';
import type { GatewayCall } from './context.js';
import { resultAnswer, type GatewayAnswer } from './respond.js';
import { FIELD_RULES, optionalString, requiredString } from './validate.js';

/**
 * The fields every token call carries: the token, the client, the app and extendInfo. v2 marks
 * appId and authClientId required (inquiryUserInfo and revoke pages), as production checks them;
 * v1 has neither.
 */
function readTokenRequest(call: GatewayCall): {
  clientId: string;
  accessToken: string;
  appId: string | undefined;
} {
  const locals = call.locals;
  const body = locals.body!;
  const accessToken = requiredString(body, 'accessToken', FIELD_RULES.accessToken);
  if (locals.version === 'v2') {
    requiredString(body, 'appId', FIELD_RULES.appId, 'calling a v2 API');
    requiredString(body, 'authClientId', FIELD_RULES.authClientId, 'calling a v2 API');
  }
  checkAuthClientId(body, locals.client!);
  const appId = optionalString(body, 'appId', FIELD_RULES.appId);
  optionalString(body, 'extendInfo', FIELD_RULES.extendInfo);
  return { clientId: locals.client!.clientId, accessToken, appId };
}

/**
 * POST /v2/users/inquiryUserInfo and /v1/customers/user/inquiryUserInfoByAccessToken: the user's
 * data, only the fields the token's scopes unlock.
 */
export function inquiryUserInfo(platform: Platform) {
  return async (call: GatewayCall): Promise<GatewayAnswer> => {
    const { clientId, accessToken, appId } = readTokenRequest(call);
    const token = await platform.authorizations.activeToken(clientId, accessToken);
    if (appId !== undefined && appId !== token.appId) {
      throw new OpenApiError(
        'INVALID_ACCESS_TOKEN',
        `accessToken was issued to app ${token.appId}, not ${appId}.`,
      );
    }
    const persona = await platform.registry.persona(token.userId);
    if (!persona)
      throw new OpenApiError(
        'INVALID_ACCESS_TOKEN',
        'the user of this token no longer exists in the sandbox.',
      );
    const userInfo = projectUserInfo(
      persona,
      token.customerId,
      token.scopes,
      (p) => avatarUrl(platform, p.id),
      await platform.walletOf(token.appId),
    );
    await platform.events.emit('user_info.read', {
      correlationId: token.correlationId,
      appId: token.appId,
      userId: token.userId,
      data: { fields: Object.keys(userInfo), scopes: token.scopes },
    });
    return resultAnswer(platform, call, 'SUCCESS', { userInfo });
  };
}

/** POST /v2/authorizations/revoke and /v1/authorizations/cancelToken: both tokens stop working. */
export function revoke(platform: Platform) {
  return async (call: GatewayCall): Promise<GatewayAnswer> => {
    const { clientId, accessToken, appId } = readTokenRequest(call);
    await platform.authorizations.revoke(clientId, accessToken, appId);
    return resultAnswer(platform, call, 'SUCCESS');
  };
}
