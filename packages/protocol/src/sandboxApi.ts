import type { GetAuthCodeResult } from './bridge.js';
import type { MiniProgramApp } from './registry.js';
import type { OpenApiName } from './openapi.js';
import type { ResultCode } from './resultCodes.js';
import type { ScopeName } from './scopes.js';
import type { Persona } from './user.js';

/** The platform's own API for the wallet shell (`/wallet/v1`) and for tests (`/sandbox/v1`). */
export const WALLET_PATHS = {
  prepare: '/wallet/v1/prepare',
  authorize: '/wallet/v1/authorize',
  grants: '/wallet/v1/grants',
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
  health: '/sandbox/v1/health',
  reset: '/sandbox/v1/reset',
  apps: '/sandbox/v1/apps',
  clients: '/sandbox/v1/clients',
  personas: '/sandbox/v1/personas',
  authCodes: '/sandbox/v1/authcodes',
  platformKey: '/sandbox/v1/keys/platform',
  events: '/sandbox/v1/events',
  /** The gateway's OpenAPI 3.1 document. */
  openApi: '/sandbox/v1/openapi.json',
  eventStream: '/sandbox/v1/events/stream',
  clock: '/sandbox/v1/clock',
  clockAdvance: '/sandbox/v1/clock/advance',
  faults: '/sandbox/v1/faults',
} as const;

/** `prepare` answers with the scopes the consent sheet must ask for (empty: no sheet). */
export interface PrepareResponse {
  ask: ScopeName[];
}

/** The user's decision on a consent sheet; silent requests are sent as `allow`. */
export interface AuthorizeRequest {
  appId: string;
  userId: string;
  scopes: string[];
  decision: 'allow' | 'deny';
}

export type AuthorizeResponse =
  | ({ decision: 'allow' } & GetAuthCodeResult)
  | { decision: 'deny'; authErrorScopes: Record<string, string> };

/** Control API: issue a code as the wallet would after consent, without a browser. */
export interface IssueAuthCodeRequest {
  appId: string;
  userId: string;
  scopes: ScopeName[];
}

export interface IssueAuthCodeResponse extends GetAuthCodeResult {
  expiresAt: string;
}

export interface AppsResponse {
  apps: MiniProgramApp[];
}

export interface PersonasResponse {
  personas: Persona[];
}

export interface HealthResponse {
  status: 'ok';
  part: string;
  now: string;
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
  resultCode?: ResultCode;
  count?: number;
  latencyMs?: number;
}

export interface Fault extends Required<Pick<FaultRequest, 'api' | 'count' | 'latencyMs'>> {
  id: string;
  resultCode?: ResultCode;
}

export interface FaultsResponse {
  faults: Fault[];
}

export interface EventsResponse {
  events: SandboxEvent[];
}
