import {
  jsapiError,
  type CheckedParams,
  type GetAuthCodeResult,
  type JsapiError,
  type MiniProgramApp,
  type Persona,
  type ScopeName,
} from '@mp-sandbox/protocol';
import { platformApi, SandboxRequestError } from '../api/platform';
import { linkToLogin, reportConsentConflict } from '../console/report';

export interface ConsentRequest {
  app: MiniProgramApp;
  scopes: ScopeName[];
}

/**
 * The user's answer on the sheet; `cancel` when they closed it without choosing. `signal` aborts
 * when the caller gave up: the sheet then closes.
 */
export type AskConsent = (
  request: ConsentRequest,
  signal?: AbortSignal,
) => Promise<'allow' | 'deny' | 'cancel'>;

/** Tells the person holding the wallet why a mini program's request was refused. */
export type Notify = (message: string) => void;

function asJsapiError(error: unknown, notify: Notify): JsapiError {
  if (!(error instanceof SandboxRequestError))
    return jsapiError('ERROR_CODE_SYSTEM_ERROR', String((error as Error)?.message ?? error));
  if (error.error === 'CONSENT_CONFLICT') notify(`Refused: ${error.message}.`);
  if (error.status === 403) return jsapiError('NO_PERMISSION', error.message);
  return jsapiError(
    error.status < 500 ? 'INVALID_PARAM' : 'ERROR_CODE_SYSTEM_ERROR',
    error.message,
  );
}

/**
 * `my.getAuthCode` as the wallet runs it. The wallet backend says what the sheet must ask (nothing
 * for silent scopes or scopes already granted); the user decides (or a test's consent policy
 * does); the platform issues the code only after Allow. The userId never goes back to the mini
 * program: only the code does. Each decision is recorded against the one-time consent request
 * `prepare` made, for the persona holding the wallet. A call whose caller gave up (`signal`)
 * records nothing and issues no code.
 */
export async function getAuthCode(
  app: MiniProgramApp,
  persona: Persona,
  params: CheckedParams<'getAuthCode'>,
  askConsent: AskConsent,
  notify: Notify,
  signal?: AbortSignal,
): Promise<GetAuthCodeResult> {
  // Checked where the call entered the shell (PARAM_SCHEMAS): known names, no repeats.
  const { scopes } = params;
  const gaveUp = () =>
    jsapiError(
      'ERROR_UNKNOW',
      'the mini program stopped waiting for this call; nothing was issued',
    );
  let answer;
  try {
    // A consent policy set by a test decides for the user, and then no sheet is shown.
    const {
      ask,
      decision: policy,
      consentId,
    } = await platformApi.prepare(persona.id, { appId: app.appId, scopes });
    if (signal?.aborted) throw gaveUp();
    const decision =
      ask.length === 0 ? 'allow' : (policy ?? (await askConsent({ app, scopes: ask }, signal)));
    if (signal?.aborted) throw gaveUp();
    answer = await platformApi.authorize(persona.id, { consentId, decision });
  } catch (error) {
    reportConsentConflict(error, app, persona);
    throw asJsapiError(error, notify);
  }
  if (signal?.aborted && answer.decision === 'allow') {
    // The caller gave up while the code was being issued: nobody will receive it, so take it back.
    await platformApi.withdrawAuthCode(persona.id, answer.authCode).catch(() => undefined);
    throw gaveUp();
  }
  if (answer.decision === 'deny')
    throw linkToLogin(
      jsapiError('USER_CANCEL', undefined, { authErrorScopes: answer.authErrorScopes }),
      answer.correlationId,
    );
  if (answer.decision === 'cancel')
    throw linkToLogin(jsapiError('USER_CANCEL'), answer.correlationId);
  return {
    authCode: answer.authCode,
    authSuccessScopes: answer.authSuccessScopes,
    authErrorScopes: answer.authErrorScopes,
  };
}
