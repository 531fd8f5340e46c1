import type { BridgeCallEventData, OpenApiCallEventData, SandboxEvent } from '@mp-sandbox/protocol';
import { formatTime } from '../../format';
import { FIRST_SCREEN_FIX, FIRST_SCREEN_REFUSAL } from '../firstScreen';

export type Tone = 'ok' | 'fail' | 'info';

/**
 * How a step reads in its row: what happened, in a few words; for a failure, why and what to do;
 * for a user's own choice (a refusal is not a bug), a plain note.
 */
export interface StepSummary {
  title: string;
  detail: string;
  tone: Tone;
  failure?: { reason: string; fix?: string };
  note?: string;
}

/** What a mini program developer should do about each JSAPI error, whatever the method. */
const JSAPI_FIXES: Record<number, string> = {
  1: 'This JSAPI is not available in the sandbox shell.',
  2: 'Check the parameters against the errorMessage.',
  3: 'Retry; if it persists, look at the shell and platform logs.',
  1005: 'Retry; if it persists, look at the platform log.',
};

/** Errors whose cause depends on the method: error 4 is a scope for getAuthCode, a domain for request. */
const METHOD_FIXES: Record<string, Record<number, string>> = {
  getAuthCode: {
    4: 'The app may not ask for these scopes: add them to its scopes (sandbox.config.json, or PATCH /sandbox/v1/apps/:appId).',
  },
  request: {
    4: "The URL's domain is not one of the app's requestDomains: add it (sandbox.config.json, or PATCH /sandbox/v1/apps/:appId { requestDomains }).",
  },
};

/** Who or what answered a consent sheet, as the platform recorded it. */
function decider(data: Record<string, unknown>): string {
  return data['decidedBy'] === 'policy' ? 'consent policy' : 'user';
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : '';
}

/** The time of day of a gateway time (the sandbox clock), as the timeline shows it. */
export function timeOfDay(at: string): string {
  return formatTime(at);
}

/**
 * When a step began. The shell reports a bridge call once it is answered, after the consent and
 * the code it caused: its row shows when it was made, so a login's rows read in time order.
 */
export function startedAt(event: SandboxEvent): string {
  const duration = event.type === 'bridge.call' ? Number(event.data['durationMs']) : 0;
  const at = Date.parse(event.at);
  return duration > 0 && !Number.isNaN(at) ? new Date(at - duration).toISOString() : event.at;
}

function describeCall(data: OpenApiCallEventData): StepSummary {
  const title = data.api ?? 'unknown API';
  const detail = `${data.resultCode}${data.version === 'v1' ? ' · v1' : ''}`;
  if (data.resultStatus === 'S' || data.resultStatus === 'A') return { title, detail, tone: 'ok' };
  return {
    title,
    detail,
    tone: 'fail',
    failure: {
      reason: `${data.resultCode}: ${data.message ?? ''}`,
      ...(data.fix && { fix: data.fix }),
    },
  };
}

function describeBridgeCall(data: BridgeCallEventData): StepSummary {
  const title = `my.${data.method}`;
  if (data.outcome === 'success')
    return { title, detail: `success · ${data.durationMs} ms`, tone: 'ok' };
  const code = data.error?.error;
  const detail = `fail · error ${code ?? '?'} · ${data.durationMs} ms`;
  // Error 11 is the user's answer (or a consent policy's), not a bug: said plainly, not in red.
  if (code === 11) {
    return {
      title,
      detail,
      tone: 'info',
      note: 'No authorization: the mini program should let the user carry on without it. The wallet asks again next time.',
    };
  }
  // Error 4 from getAuthCode is a scope not registered, unless the firstScreen rule refused the ask.
  const firstScreen = data.error?.errorMessage?.includes(FIRST_SCREEN_REFUSAL) === true;
  const fix = firstScreen
    ? FIRST_SCREEN_FIX
    : code === undefined
      ? undefined
      : (METHOD_FIXES[data.method]?.[code] ?? JSAPI_FIXES[code]);
  return {
    title,
    detail,
    tone: 'fail',
    failure: {
      reason: `error ${code ?? '?'}: ${data.error?.errorMessage ?? 'no message'}`,
      ...(fix && { fix }),
    },
  };
}

/** A consent sheet's answer: who decided (the user or a test's policy), and how. */
function describeConsent(event: SandboxEvent): StepSummary {
  const { data } = event;
  const scopes = list(data['scopes']);
  const by = decider(data);
  if (event.type === 'consent.allowed') {
    return {
      title: by === 'user' ? 'Consent sheet' : 'Consent policy',
      detail: `${by === 'user' ? 'allowed' : 'approved'}: ${scopes}`,
      tone: 'ok',
    };
  }
  if (data['cancelled'] === true) {
    return by === 'user'
      ? {
          title: 'Consent sheet',
          detail: `closed without choosing: ${scopes}`,
          tone: 'info',
          note: 'The user closed the sheet (✕, the backdrop or Escape): getAuthCode fails with error 11 and no authErrorScopes.',
        }
      : {
          title: 'Consent policy',
          detail: `cancelled: ${scopes}`,
          tone: 'info',
          note: 'A consent policy answered as if the user closed the sheet: error 11, no authErrorScopes.',
        };
  }
  return {
    title: by === 'user' ? 'Consent sheet' : 'Consent policy',
    detail: `denied: ${scopes}`,
    tone: 'info',
    note: `${by === 'user' ? 'The user tapped Deny' : 'A consent policy denied'}: getAuthCode fails with error 11 and authErrorScopes. The wallet asks again next time.`,
  };
}

export function describeStep(event: SandboxEvent): StepSummary {
  const { data } = event;
  switch (event.type) {
    case 'openapi.call':
      return describeCall(data as unknown as OpenApiCallEventData);
    case 'bridge.call':
      return describeBridgeCall(data as unknown as BridgeCallEventData);
    case 'consent.allowed':
    case 'consent.denied':
      return describeConsent(event);
    case 'auth_code.issued':
      return {
        title: 'authCode issued',
        detail: `${list(data['scopes'])} · expires ${timeOfDay(String(data['expiresAt']))}`,
        tone: 'info',
      };
    case 'token.issued':
      return {
        title: 'Tokens issued',
        detail: `customerId ${String(data['customerId'])}`,
        tone: 'info',
      };
    case 'token.refreshed':
      return {
        title: 'Tokens refreshed',
        detail: `customerId ${String(data['customerId'])}`,
        tone: 'info',
      };
    case 'token.revoked':
      return { title: 'Tokens revoked', detail: `by the ${String(data['by'])}`, tone: 'info' };
    case 'grant.revoked':
      return {
        title: 'Authorization revoked in the wallet',
        detail: list(data['scopes']),
        tone: 'info',
      };
    case 'user_info.read':
      return { title: 'User info read', detail: list(data['fields']), tone: 'info' };
    case 'openapi.failed':
      return {
        title: String(data['path']),
        detail: String(data['resultCode']),
        tone: 'fail',
        failure: {
          reason: `${String(data['resultCode'])}: ${String(data['message'])}`,
          ...(typeof data['fix'] === 'string' && { fix: data['fix'] }),
        },
      };
    case 'rule.warning':
      return { title: 'Rule broken', detail: String(data['message']), tone: 'info' };
  }
  // A type this shell does not know yet (a newer platform): shown by its name, data on opening.
  return { title: String(event.type), detail: '', tone: 'info' };
}
