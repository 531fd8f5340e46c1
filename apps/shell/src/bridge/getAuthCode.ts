import {
  JSAPI_ERRORS,
  normalizeScopes,
  scopesNeedingConsent,
  type GetAuthCodeParams,
  type GetAuthCodeResult,
  type JsapiError,
  type MiniProgramApp,
  type Persona,
  type ScopeName,
} from '@mp-sandbox/protocol';
import { platformApi, PlatformRequestError } from '../api/platform';

export interface ConsentRequest {
  app: MiniProgramApp;
  scopes: ScopeName[];
}

export type AskConsent = (request: ConsentRequest) => Promise<'allow' | 'deny'>;

function fail(kind: keyof typeof JSAPI_ERRORS, detail?: string, authErrorScopes?: Record<string, string>): JsapiError {
  const base = JSAPI_ERRORS[kind];
  return {
    error: base.error,
    errorMessage: detail ? `${base.errorMessage}: ${detail}` : base.errorMessage,
    ...(authErrorScopes && { authErrorScopes }),
  };
}

/**
 * `my.getAuthCode` as the wallet runs it: silent scopes pass without a sheet, consent scopes ask
 * the user; the platform issues the code only after Allow. The userId never goes back to the
 * mini program: only the code does.
 */
export async function getAuthCode(
  app: MiniProgramApp,
  persona: Persona,
  params: GetAuthCodeParams,
  askConsent: AskConsent,
): Promise<GetAuthCodeResult> {
  const scopes = normalizeScopes(params.scopes);
  if (typeof scopes === 'string') throw fail('INVALID_PARAM', scopes);
  const consent = scopesNeedingConsent(scopes, app);
  const decision = consent.length > 0 ? await askConsent({ app, scopes: consent }) : 'allow';
  try {
    const answer = await platformApi.authorize({ appId: app.appId, userId: persona.id, scopes, decision });
    if (answer.decision === 'deny') throw fail('USER_CANCEL', undefined, answer.authErrorScopes);
    return { authCode: answer.authCode, authSuccessScopes: answer.authSuccessScopes, authErrorScopes: answer.authErrorScopes };
  } catch (error) {
    if (error instanceof PlatformRequestError) {
      throw fail(error.status === 403 ? 'NO_PERMISSION' : error.status < 500 ? 'INVALID_PARAM' : 'ERROR_CODE_SYSTEM_ERROR', error.message);
    }
    throw error;
  }
}
