import type { GetAuthCodeResult, JsapiError } from './bridge.js';
import type { MiniProgramApp } from './registry.js';
import type { OpenApiName } from './openapi.js';
import type { ApiVersion, ResultCode, ResultStatus } from './resultCodes.js';
import type { Rules } from './rules.js';
import type { ScopeName } from './scopes.js';
import { HEALTH_PATHS } from './urls.js';
import type { Persona } from './user.js';
import type { WalletId, WalletProfile } from './walletProfiles.js';

/** The platform's own API for the wallet shell (`/wallet/v1`) and for tests (`/sandbox/v1`). */
export const WALLET_PATHS = {
  /** Who holds the wallet: `{ userId }` → `{ session }`, sent back as `X-Wallet-Session`. */
  session: '/wallet/v1/session',
  prepare: '/wallet/v1/prepare',
  authorize: '/wallet/v1/authorize',
  grants: '/wallet/v1/grants',
  /** `{ authCode }`: the wallet takes back a code its caller gave up on before receiving it. */
  withdrawAuthCode: '/wallet/v1/authcodes/withdraw',
} as const;

/** What a persona has granted one mini program, as the wallet's "Authorized mini programs" shows it. */
export interface Grant {
  userId: string;
  appId: string;
  /** Every consent and silent scope granted, without repeats, in the order first granted. */
  scopes: ScopeName[];
  grantedAt: string;
  updatedAt: string;
}

export interface GrantsResponse {
  grants: Grant[];
}

export const CONTROL_PATHS = {
  health: HEALTH_PATHS.platform,
  reset: '/sandbox/v1/reset',
  apps: '/sandbox/v1/apps',
  clients: '/sandbox/v1/clients',
  personas: '/sandbox/v1/personas',
  authCodes: '/sandbox/v1/authcodes',
  platformKey: '/sandbox/v1/keys/platform',
  /**
   * Persona avatars, `<avatars>/<personaId>.svg`: public images whose URLs are in user info
   * answers, so any page may load them (no team token, no origin check).
   */
  avatars: '/sandbox/v1/avatars',
  events: '/sandbox/v1/events',
  /** The gateway's OpenAPI 3.1 document. */
  openApi: '/sandbox/v1/openapi.json',
  /** The wallet profiles and the sandbox's default one (GET). */
  wallets: '/sandbox/v1/wallets',
  /** The rule modes in force (GET, ?appId= for an app's), or the sandbox's to change (POST { rules }). */
  rules: '/sandbox/v1/rules',
  eventStream: '/sandbox/v1/events/stream',
  clock: '/sandbox/v1/clock',
  clockAdvance: '/sandbox/v1/clock/advance',
  faults: '/sandbox/v1/faults',
  consentPolicies: '/sandbox/v1/consent-policies',
  namespaces: '/sandbox/v1/namespaces',
} as const;

/** The wallet shell opens a session for the persona holding the wallet. */
export interface WalletSessionRequest {
  userId: string;
}

export interface WalletSessionResponse {
  /** Sent with every other wallet call as the `X-Wallet-Session` header. */
  session: string;
  userId: string;
  expiresAt: string;
}

/** What the mini program asked for; the persona is the session's holder. */
export interface PrepareRequest {
  appId: string;
  scopes: string[];
}

/**
 * `prepare` answers with the scopes the consent sheet must ask for (empty: no sheet), and, when a
 * consent policy decides for the user, that decision: the wallet then shows no sheet. `consentId`
 * names the one-time consent request the decision must be recorded against.
 */
export interface PrepareResponse {
  ask: ScopeName[];
  decision?: 'allow' | 'deny' | 'cancel';
  consentId: string;
  /** When the request dies if no decision was recorded (ISO time). */
  expiresAt: string;
}

/** The user's decision on the sheet `prepare` asked for; silent requests are sent as `allow`. */
export interface AuthorizeRequest {
  consentId: string;
  /** `cancel`: the user closed the sheet without choosing. */
  decision: 'allow' | 'deny' | 'cancel';
}

/** A refusal carries its login's correlation id, so the shell's report of the call joins that login. */
export type AuthorizeResponse =
  | ({ decision: 'allow' } & GetAuthCodeResult)
  | { decision: 'deny'; authErrorScopes: Record<string, string>; correlationId: string }
  | { decision: 'cancel'; correlationId: string };

/** Control API: issue a code as the wallet would after consent, without a browser. */
export interface IssueAuthCodeRequest {
  appId: string;
  userId: string;
  scopes: ScopeName[];
  /** `false`: skip the consent rules (basic info with phone, …) the wallet applies; true by default. */
  applyRules?: boolean;
}

export interface IssueAuthCodeResponse extends GetAuthCodeResult {
  expiresAt: string;
}

export interface AppsResponse {
  apps: MiniProgramApp[];
}

/** The wallet profiles, and the one the sandbox emulates for apps that name none. */
export interface WalletsResponse {
  default: WalletId;
  profiles: Record<WalletId, WalletProfile>;
}

/** The rule modes in force: the sandbox's, or with `?appId=` that app's (its own over the sandbox's). */
export interface RulesResponse {
  rules: Rules;
  appId?: string;
}

export interface PersonasResponse {
  personas: Persona[];
}

export interface HealthResponse {
  status: 'ok';
  part: string;
  now: string;
  /**
   * The gateway's URL as merchant servers reach it: the platform's own, or the balancer's in front
   * (`PLATFORM_PUBLIC_URL`). The console writes it into HAR files and cURL commands.
   */
  http?: string;
  /** The HTTPS gateway's URL, when this platform serves one (or a balancer in front names one). */
  https?: string;
}

/** Control API errors are JSON `{ error, message }` with an HTTP status. */
export interface ControlError {
  error: string;
  message: string;
}

export const EVENT_TYPES = [
  'consent.allowed',
  'consent.denied',
  'auth_code.issued',
  'token.issued',
  'token.refreshed',
  'token.revoked',
  'grant.revoked',
  'user_info.read',
  'openapi.failed',
  'openapi.call',
  'rule.warning',
  'bridge.call',
] as const;

export type SandboxEventType = (typeof EVENT_TYPES)[number];

/**
 * One entry of the timeline. `correlationId` links the steps of one login: the consent, the code
 * it produced, the token exchanged for that code, and every call made with that token.
 */
export interface SandboxEvent {
  seq: number;
  type: SandboxEventType;
  at: string;
  correlationId?: string;
  appId?: string;
  userId?: string;
  /** The namespace of the persona the event concerns (one per parallel test worker). */
  namespace?: string;
  data: Record<string, unknown>;
}

export interface ClockResponse {
  /** The sandbox clock, as the gateway writes times. */
  now: string;
  /** How far the sandbox clock is ahead of the wall clock (negative: behind). */
  offsetMs: number;
}

/**
 * A fault: the next `count` calls of an API answer `resultCode` instead of being served, after
 * waiting `latencyMs`. A fault with latency and no result code only slows calls down.
 */
export interface FaultRequest {
  api: OpenApiName | '*';
  /** Only calls for personas of this namespace (a test worker's own); all calls when absent. */
  namespace?: string;
  resultCode?: ResultCode;
  count?: number;
  latencyMs?: number;
}

export interface Fault extends Required<Pick<FaultRequest, 'api' | 'count' | 'latencyMs'>> {
  id: string;
  namespace?: string;
  resultCode?: ResultCode;
}

/** What the wallet does instead of showing a consent sheet: ask (show it), approve, deny, cancel. */
export type ConsentDecision = 'ask' | 'approve' | 'deny' | 'cancel';

/** A consent policy: any field left out matches everything. The most specific match wins. */
export interface ConsentPolicy {
  id: string;
  decision: ConsentDecision;
  namespace?: string;
  appId?: string;
  userId?: string;
  scope?: ScopeName;
}

export interface ConsentPoliciesResponse {
  policies: ConsentPolicy[];
}

export interface NamespaceResponse {
  namespace: string;
  personas: Persona[];
}

export interface FaultsResponse {
  faults: Fault[];
}

export interface EventsResponse {
  events: SandboxEvent[];
}

/** The request headers of a gateway call that the console shows (absent headers are left out). */
export interface OpenApiCallRequestHeaders {
  'client-id'?: string;
  'request-time'?: string;
  signature?: string;
  'content-type'?: string;
}

export interface OpenApiCallResponseHeaders {
  'client-id': string;
  'response-time': string;
  signature: string;
}

/**
 * `openapi.call`: one gateway call, success or failure, as the merchant sent it and as the platform
 * answered, so the console can show both sides of every step.
 */
export interface OpenApiCallEventData {
  /** `null` for a path that is no gateway API (it answered INVALID_API). */
  api: OpenApiName | null;
  version: ApiVersion;
  path: string;
  /** As on the wire: the v1 name on a v1 path. */
  resultCode: string;
  resultStatus: ResultStatus;
  /** On failure: the resultMessage, which says what was wrong. */
  message?: string;
  /** On failure, when the catalogue knows one: what the caller should do. */
  fix?: string;
  /** The id of the sandbox fault that answered, when one did. */
  injectedFault?: string;
  request: {
    method: string;
    path: string;
    headers: OpenApiCallRequestHeaders;
    /** The parsed JSON body, or the raw text when it is not JSON or too long to keep (cut at 8 KB). */
    body: unknown;
    bodyTruncated?: true;
  };
  response: {
    status: number;
    headers: OpenApiCallResponseHeaders;
    body: unknown;
  };
}

/**
 * The platform's rules a developer broke, in the seeds' words. The platform sees the code ones;
 * the shell reports the ones only it can see (`first-screen`, `basic-and-phone`).
 */
export type RuleName =
  | 'first-screen'
  | 'basic-and-phone'
  | 'code-replayed'
  | 'code-expired'
  | 'bridge-flood'
  | 'caller-gave-up'
  | 'request-time'
  | 'signature';
/** `bridge-flood`: calls refused over the bridge's limits; `caller-gave-up`: calls heard after their caller stopped waiting. */
export const SHELL_RULES = [
  'first-screen',
  'basic-and-phone',
  'bridge-flood',
  'caller-gave-up',
] as const satisfies readonly RuleName[];
export type ShellRuleName = (typeof SHELL_RULES)[number];

/** `rule.warning`: a rule broken, said in plain words. */
export interface RuleWarningEventData {
  rule: RuleName;
  message: string;
}

export type BridgeCallOutcome = 'success' | 'fail';

/** `bridge.call`: a `my.*` call the shell answered, reported by the shell. */
export interface BridgeCallEventData {
  method: string;
  params: Record<string, unknown>;
  outcome: BridgeCallOutcome;
  result?: unknown;
  error?: JsapiError;
  durationMs: number;
}

/**
 * `POST /sandbox/v1/events`: what only the shell sees, reported to the timeline. A bridge call
 * whose result holds an authCode is linked to that code's login by the platform.
 */
export type ReportedEvent =
  | ({
      type: 'bridge.call';
      appId: string;
      userId: string;
      correlationId?: string;
    } & BridgeCallEventData)
  | {
      type: 'rule.warning';
      rule: ShellRuleName;
      message: string;
      appId: string;
      userId: string;
      correlationId?: string;
    };
