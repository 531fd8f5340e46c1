import {
  CONTROL_PATHS,
  type ClockResponse,
  type ConsentDecision,
  type ConsentPoliciesResponse,
  type ConsentPolicy,
  type ControlError,
  type Fault,
  type FaultRequest,
  type FaultsResponse,
  type ReportedEvent,
  type SandboxEvent,
} from '@mp-sandbox/protocol';
import { PlatformRequestError } from '../api/platform';

/** The console's calls to the platform's control API, through the shell's `/platform` proxy. */

export const CONSENT_DECISIONS = ['ask', 'approve', 'deny', 'cancel'] as const satisfies readonly ConsentDecision[];

/** A new consent policy: each field left out matches everything. */
export type ConsentPolicyRequest = Omit<ConsentPolicy, 'id' | 'namespace'>;

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`/platform${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init?.headers },
  });
  const body = (await response.json().catch(() => ({}))) as T | Partial<ControlError>;
  if (!response.ok) {
    const failure = body as Partial<ControlError>;
    throw new PlatformRequestError(response.status, failure.error ?? 'HTTP_ERROR', failure.message ?? `HTTP ${response.status} from ${path}`);
  }
  return body as T;
}

const post = <T>(path: string, body?: unknown) =>
  request<T>(path, { method: 'POST', ...(body !== undefined && { body: JSON.stringify(body) }) });
const remove = <T>(path: string) => request<T>(path, { method: 'DELETE' });

/**
 * The control API as the console uses it, for one namespace or for the whole sandbox. A persona
 * copied into a namespace (a parallel test worker's) has its own clock, faults, consent policies,
 * timeline and reset there, so the console acts on the namespace of whoever holds the wallet.
 */
export function controlApiFor(namespace: string | undefined) {
  const query = namespace ? `?namespace=${encodeURIComponent(namespace)}` : '';
  const scoped = <T extends object>(body: T) => (namespace ? { ...body, namespace } : body);
  return {
    /** The live timeline; `since=0` replays what happened before the console opened. */
    eventStreamUrl: `/platform${CONTROL_PATHS.eventStream}?since=0${namespace ? `&namespace=${encodeURIComponent(namespace)}` : ''}`,

    clock: () => request<ClockResponse>(CONTROL_PATHS.clock + query),
    /** `by` is a duration the platform reads: "5m", "1h", "31d", or milliseconds ("-3600000"). */
    advanceClock: (by: string) => post<ClockResponse>(CONTROL_PATHS.clockAdvance, scoped({ by })),
    setClock: (now: string) => post<ClockResponse>(CONTROL_PATHS.clock, scoped({ now })),

    faults: () => request<FaultsResponse>(CONTROL_PATHS.faults + query),
    armFault: (fault: FaultRequest) => post<Fault>(CONTROL_PATHS.faults, scoped(fault)),
    removeFault: (id: string) => remove<FaultsResponse>(`${CONTROL_PATHS.faults}/${encodeURIComponent(id)}`),

    consentPolicies: () => request<ConsentPoliciesResponse>(CONTROL_PATHS.consentPolicies + query),
    addConsentPolicy: (policy: ConsentPolicyRequest) => post<ConsentPolicy>(CONTROL_PATHS.consentPolicies, scoped(policy)),
    removeConsentPolicy: (id: string) => remove<ConsentPoliciesResponse>(`${CONTROL_PATHS.consentPolicies}/${encodeURIComponent(id)}`),

    reset: () => post<{ status: string }>(CONTROL_PATHS.reset, scoped({})),
  };
}

export type ControlApi = ReturnType<typeof controlApiFor>;

/** The react-query keys of the console's reads, per namespace (`''`: the whole sandbox). */
export function controlKeys(namespace: string | undefined) {
  const scope = namespace ?? '';
  return {
    clock: ['control', scope, 'clock'],
    faults: ['control', scope, 'faults'],
    consentPolicies: ['control', scope, 'consent-policies'],
  } as const;
}

/** Reports what only the shell sees to the timeline; the platform files it under the persona's namespace. */
export const reportEvent = (event: ReportedEvent) => post<SandboxEvent>(CONTROL_PATHS.events, event);
