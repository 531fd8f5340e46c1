import type { BridgeCallEventData, OpenApiCallEventData, SandboxEvent } from '@mp-sandbox/protocol';

export type Tone = 'ok' | 'fail' | 'info';

/** How a step reads in its row: what happened, in a few words, and for a failure why and what to do. */
export interface StepSummary {
  title: string;
  detail: string;
  tone: Tone;
  failure?: { reason: string; fix?: string };
}

/** What a mini program developer should do about each JSAPI error getAuthCode can answer. */
const JSAPI_FIXES: Record<number, string> = {
  1: 'This JSAPI is not available in the sandbox shell.',
  2: 'Check the parameters against the errorMessage.',
  3: 'Retry; if it persists, look at the shell and platform logs.',
  4: "The app may not ask for these scopes: add them to its scopes (sandbox.config.json, or PATCH /sandbox/v1/apps/:appId).",
  11: 'The user said no: let them carry on without it. The wallet asks again next time.',
  1005: 'Retry; if it persists, look at the platform log.',
};

function list(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : '';
}

/** The time of day of a gateway time (the sandbox clock), as the timeline shows it. */
export function timeOfDay(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleTimeString(undefined, { hour12: false });
}

function describeCall(data: OpenApiCallEventData): StepSummary {
  const title = data.api ?? 'unknown API';
  const detail = `${data.resultCode}${data.version === 'v1' ? ' · v1' : ''}`;
  if (data.resultStatus === 'S' || data.resultStatus === 'A') return { title, detail, tone: 'ok' };
  return {
    title,
    detail,
    tone: 'fail',
    failure: { reason: `${data.resultCode}: ${data.message ?? ''}`, ...(data.fix && { fix: data.fix }) },
  };
}

function describeBridgeCall(data: BridgeCallEventData): StepSummary {
  const title = `my.${data.method}`;
  if (data.outcome === 'success') return { title, detail: `success · ${data.durationMs} ms`, tone: 'ok' };
  const code = data.error?.error;
  const fix = code === undefined ? undefined : JSAPI_FIXES[code];
  return {
    title,
    detail: `fail · error ${code ?? '?'} · ${data.durationMs} ms`,
    tone: 'fail',
    failure: { reason: `error ${code ?? '?'}: ${data.error?.errorMessage ?? 'no message'}`, ...(fix && { fix }) },
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
      return { title: 'Consent sheet', detail: `agreed: ${list(data['scopes'])}`, tone: 'ok' };
    case 'consent.denied':
      return {
        title: 'Consent sheet',
        detail: `refused: ${list(data['scopes'])}`,
        tone: 'fail',
        failure: {
          reason: `The user refused ${list(data['scopes'])}.`,
          fix: 'getAuthCode fails with error 11 and authErrorScopes: let the user carry on without these scopes. The wallet asks again next time.',
        },
      };
    case 'auth_code.issued':
      return { title: 'authCode issued', detail: `${list(data['scopes'])} · expires ${timeOfDay(String(data['expiresAt']))}`, tone: 'info' };
    case 'token.issued':
      return { title: 'Tokens issued', detail: `customerId ${String(data['customerId'])}`, tone: 'info' };
    case 'token.refreshed':
      return { title: 'Tokens refreshed', detail: `customerId ${String(data['customerId'])}`, tone: 'info' };
    case 'token.revoked':
      return { title: 'Tokens revoked', detail: `by the ${String(data['by'])}`, tone: 'info' };
    case 'grant.revoked':
      return { title: 'Authorization revoked in the wallet', detail: list(data['scopes']), tone: 'info' };
    case 'user_info.read':
      return { title: 'User info read', detail: list(data['fields']), tone: 'info' };
    case 'openapi.failed':
      return {
        title: String(data['path']),
        detail: String(data['resultCode']),
        tone: 'fail',
        failure: { reason: `${String(data['resultCode'])}: ${String(data['message'])}`, ...(typeof data['fix'] === 'string' && { fix: data['fix'] }) },
      };
    case 'rule.warning':
      return { title: 'Rule broken', detail: String(data['message']), tone: 'info' };
  }
  // A type this shell does not know yet (a newer platform): shown by its name, data on opening.
  return { title: String(event.type), detail: '', tone: 'info' };
}
