import type { MiniProgramApp } from '../registry.js';
import {
  CONTROL_PATHS,
  type AppsResponse,
  type ClockResponse,
  type ConsentPoliciesResponse,
  type ConsentPolicy,
  type EventsResponse,
  type Fault,
  type FaultRequest,
  type FaultsResponse,
  type HealthResponse,
  type IssueAuthCodeRequest,
  type IssueAuthCodeResponse,
  type NamespaceResponse,
  type PersonasResponse,
  type ReportedEvent,
  type RulesResponse,
  type SandboxEvent,
  type SandboxEventType,
  type WalletsResponse,
} from '../sandboxApi.js';
import type { SandboxCall } from './http.js';

/** A mini program to register: the platform fills in what is left out (icon, scopes, silentKyc). */
export type RegisterAppRequest = Omit<MiniProgramApp, 'icon' | 'scopes' | 'silentKyc'> &
  Partial<MiniProgramApp>;

/** A new consent policy: each field left out matches everything. */
export type ConsentPolicyRequest = Omit<ConsentPolicy, 'id' | 'namespace'>;

/** Which events to read: one type, one login (`correlationId`), those after `since` (a `seq`). */
export interface EventsFilter {
  type?: SandboxEventType;
  correlationId?: string;
  since?: number;
}

/**
 * The control API (`/sandbox/v1`), typed from the protocol's request and response shapes. With a
 * namespace (a parallel test worker's, or the wallet holder's in the console), the clock, faults,
 * consent policies, events and reset act on that namespace only; without one, on the sandbox.
 */
export function controlApi(call: SandboxCall, namespace?: string) {
  const query = (extra: Record<string, string | number | undefined> = {}) => {
    const params = new URLSearchParams();
    if (namespace) params.set('namespace', namespace);
    for (const [key, value] of Object.entries(extra))
      if (value !== undefined) params.set(key, String(value));
    const text = params.toString();
    return text ? `?${text}` : '';
  };
  const scoped = <T extends object>(body: T) => (namespace ? { ...body, namespace } : body);
  const id = (path: string, value: string) => `${path}/${encodeURIComponent(value)}`;
  return {
    namespace,
    health: () => call<HealthResponse>('GET', CONTROL_PATHS.health),
    apps: () => call<AppsResponse>('GET', CONTROL_PATHS.apps),
    registerApp: (app: RegisterAppRequest) => call<MiniProgramApp>('POST', CONTROL_PATHS.apps, app),
    personas: () => call<PersonasResponse>('GET', CONTROL_PATHS.personas),
    wallets: () => call<WalletsResponse>('GET', CONTROL_PATHS.wallets),
    /** The rule modes in force: the sandbox's, or an app's (its own over the sandbox's). */
    rules: (appId?: string) =>
      call<RulesResponse>(
        'GET',
        CONTROL_PATHS.rules + (appId === undefined ? '' : `?appId=${encodeURIComponent(appId)}`),
      ),
    /** Issues an authCode as the wallet does after consent, without a browser. */
    issueAuthCode: (request: IssueAuthCodeRequest) =>
      call<IssueAuthCodeResponse>('POST', CONTROL_PATHS.authCodes, request),
    /** Back to the seed: personas afresh; codes, tokens, grants, clock, faults gone. */
    reset: () =>
      call<{ status: string }>('POST', CONTROL_PATHS.reset, scoped({}), { idempotent: true }),

    clock: () => call<ClockResponse>('GET', CONTROL_PATHS.clock + query()),
    /** `by` is a duration the platform reads: "5m", "1h", "31d", or milliseconds. */
    advanceClock: (by: string | number) =>
      call<ClockResponse>('POST', CONTROL_PATHS.clockAdvance, scoped({ by })),
    setClock: (now: string) =>
      call<ClockResponse>('POST', CONTROL_PATHS.clock, scoped({ now }), { idempotent: true }),

    faults: () => call<FaultsResponse>('GET', CONTROL_PATHS.faults + query()),
    armFault: (fault: FaultRequest) => call<Fault>('POST', CONTROL_PATHS.faults, scoped(fault)),
    removeFault: (faultId: string) =>
      call<FaultsResponse>('DELETE', id(CONTROL_PATHS.faults, faultId)),
    clearFaults: () => call<FaultsResponse>('DELETE', CONTROL_PATHS.faults + query()),

    consentPolicies: () =>
      call<ConsentPoliciesResponse>('GET', CONTROL_PATHS.consentPolicies + query()),
    addConsentPolicy: (policy: ConsentPolicyRequest) =>
      call<ConsentPolicy>('POST', CONTROL_PATHS.consentPolicies, scoped(policy)),
    removeConsentPolicy: (policyId: string) =>
      call<ConsentPoliciesResponse>('DELETE', id(CONTROL_PATHS.consentPolicies, policyId)),

    events: (filter: EventsFilter = {}) =>
      call<EventsResponse>('GET', CONTROL_PATHS.events + query({ ...filter })),
    /** Reports what only the shell sees; the platform files it under the persona's namespace. */
    reportEvent: (event: ReportedEvent) => call<SandboxEvent>('POST', CONTROL_PATHS.events, event),
    /** The live timeline's URL (server-sent events); `since=0` replays what happened before. */
    eventStreamPath: (since = 0) => CONTROL_PATHS.eventStream + query({ since }),

    /** Creates a namespace (or resets it): copies of the seeded personas, named `<id>-<name>`. */
    openNamespace: (name: string) =>
      call<NamespaceResponse>('POST', CONTROL_PATHS.namespaces, { name }, { idempotent: true }),
    closeNamespace: (name: string) => call<unknown>('DELETE', id(CONTROL_PATHS.namespaces, name)),
  };
}

export type ControlApi = ReturnType<typeof controlApi>;
