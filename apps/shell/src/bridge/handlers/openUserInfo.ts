import {
  fieldsOf,
  isScopeName,
  JSAPI_ERRORS,
  jsapiError,
  projectUserInfo,
  type GetOpenUserInfoResult,
  type MiniProgramApp,
  type OpenUserInfo,
  type Persona,
  type UserField,
} from '@mp-sandbox/protocol';
import { platformApi, SandboxRequestError } from '../../api/platform';

/** How the platform answers when the user granted no basic-profile scope (its 40006). */
const INSUFFICIENT_PERMISSIONS = {
  code: '40006',
  msg: 'Insufficient Permissions',
  subCode: 'isv.insufficient-isv-permissions',
} as const;

/** The profile fields getOpenUserInfo gives, each with the user field a scope must unlock. */
const OPEN_FIELDS = {
  nickName: 'nickName',
  avatar: 'avatar',
  gender: 'gender',
  countryCode: 'nationality',
} as const satisfies Record<string, UserField>;

async function grantedScopes(app: MiniProgramApp, persona: Persona): Promise<string[]> {
  try {
    const { grants } = await platformApi.grants(persona.id);
    return grants.filter((g) => g.appId === app.appId).flatMap((g) => g.scopes);
  } catch (error) {
    if (
      error instanceof SandboxRequestError &&
      error.status === 404 &&
      error.error === 'HTTP_ERROR'
    ) {
      throw jsapiError(
        JSAPI_ERRORS.NOT_SUPPORTED,
        'my.getOpenUserInfo needs the platform to say what the user granted (GET /wallet/v1/grants), and this platform does not serve it (HTTP 404); update the platform',
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw jsapiError(
      JSAPI_ERRORS.ERROR_CODE_SYSTEM_ERROR,
      `my.getOpenUserInfo could not read the user's grants: ${reason}`,
    );
  }
}

function answer(info: OpenUserInfo): GetOpenUserInfoResult {
  return {
    response: JSON.stringify({ response: info }),
    code: info.code,
    msg: info.msg,
    subCode: info.subCode ?? '',
    subMsg: info.subMsg ?? '',
    nickName: info.nickName ?? '',
    avatar: info.avatar ?? '',
    ...(info.gender && { gender: info.gender }),
    ...(info.countryCode && { countryCode: info.countryCode }),
  };
}

/**
 * `my.getOpenUserInfo`: the basic-profile fields this user has granted this app (auth_user, or the
 * USER_* scopes that unlock nickname, avatar, gender, nationality), read from the platform's grants.
 * With none granted, the platform still calls `success`, with code 40006: so does the sandbox.
 */
export async function getOpenUserInfo(
  app: MiniProgramApp,
  persona: Persona,
): Promise<GetOpenUserInfoResult> {
  const scopes = (await grantedScopes(app, persona)).filter(isScopeName);
  const fields = new Set(fieldsOf(scopes));
  const unlocked = (name: keyof typeof OPEN_FIELDS) => fields.has(OPEN_FIELDS[name]);
  if (!Object.keys(OPEN_FIELDS).some((name) => unlocked(name as keyof typeof OPEN_FIELDS))) {
    return answer({
      ...INSUFFICIENT_PERMISSIONS,
      subMsg: `${persona.nickName} has not granted ${app.name} a basic-profile scope: call my.getAuthCode({ scopes: 'auth_user' }) first`,
    });
  }
  // The platform's own projection of the persona through the granted scopes; the JSAPI names its
  // fields its own way. The avatar is the persona's own; the JSAPI gives no login ID to hash.
  const context = { avatarUrl: (p: Persona) => p.avatar ?? '', hashLoginId: () => '' };
  const user = projectUserInfo(persona, '', scopes, context, { userInfoShape: 'alipayplus' });
  const info: OpenUserInfo = { code: '10000', msg: 'Success' };
  if (user.nickName) info.nickName = user.nickName;
  if (user.avatar) info.avatar = user.avatar;
  if (user.gender) info.gender = user.gender === 'MALE' ? 'm' : 'f';
  if (user.nationality) info.countryCode = user.nationality;
  return answer(info);
}
