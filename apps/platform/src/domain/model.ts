import type {
  ConsentPolicy,
  Fault,
  MerchantClient,
  MiniProgramApp,
  Persona,
  Rules,
  ScopeName,
  Tables,
} from '../deps.js';

export interface AuthCodeRecord {
  code: string;
  appId: string;
  clientId: string;
  userId: string;
  scopes: ScopeName[];
  issuedAt: number;
  expiresAt: number;
  usedAt?: number;
  correlationId: string;
}

export interface TokenRecord {
  accessToken: string;
  refreshToken: string;
  appId: string;
  clientId: string;
  userId: string;
  customerId: string;
  scopes: ScopeName[];
  issuedAt: number;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  /** Set when the refresh token was exchanged for a new pair (rotation). */
  refreshedAt?: number;
  revokedAt?: number;
  correlationId: string;
}

/** What a persona has granted an app: the union of the scopes of every authorization. */
export interface GrantRecord {
  userId: string;
  appId: string;
  scopes: ScopeName[];
  grantedAt: number;
  updatedAt: number;
}

export const grantKey = (userId: string, appId: string) => `${userId}/${appId}`;

/** A fault as armed, with the order it was armed in: the first armed answers first. */
export interface FaultRecord extends Fault {
  armedAt: number;
}

/** A consent policy as added, with the order it was added in: the newest wins among equals. */
export interface ConsentPolicyRecord extends ConsentPolicy {
  addedAt: number;
}

/** A consent sheet the wallet was told to show, waiting for the holder's one decision. */
export interface ConsentRequestRecord {
  id: string;
  appId: string;
  userId: string;
  /** What the mini program asked for. */
  scopes: ScopeName[];
  /** What the sheet asks (consent scopes not yet granted); empty: no sheet. */
  ask: ScopeName[];
  /** What a test's consent policy answered for the sheet, if one did: the timeline names it. */
  policy?: 'allow' | 'deny' | 'cancel';
  /** Wall time (not the sandbox clock): a sheet left open dies in real minutes. */
  createdAt: number;
  expiresAt: number;
}

/**
 * Every piece of platform state, table by table. Each table has one owning module in `domain/`
 * that writes it (see each module's comment); the others ask that module.
 */
export interface PlatformData extends Tables {
  /**
   * The sandbox clocks' offsets (`clockOffsetMs`, `clockOffsetMs<namespace>`): clock.ts; and when
   * the seed was written (`seededAt`): seed/seedData.ts.
   */
  meta: Record<string, number | string>;
  /** registry.ts */
  apps: Record<string, MiniProgramApp>;
  /** registry.ts */
  clients: Record<string, MerchantClient>;
  /** registry.ts (namespaces.ts asks it for a namespace's copies) */
  personas: Record<string, Persona>;
  /** authorizations.ts */
  authCodes: Record<string, AuthCodeRecord>;
  /** Token pairs by access token; `refreshIndex` finds them by refresh token. authorizations.ts */
  tokens: Record<string, TokenRecord>;
  /** authorizations.ts */
  refreshIndex: Record<string, string>;
  /** grants.ts */
  grants: Record<string, GrantRecord>;
  /** faults.ts */
  faults: Record<string, FaultRecord>;
  /** consentPolicies.ts */
  consentPolicies: Record<string, ConsentPolicyRecord>;
  /** consentRequests.ts */
  consentRequests: Record<string, ConsentRequestRecord>;
  /** The rule modes the control API set (`POST /sandbox/v1/rules`), under `sandbox`: rules.ts */
  runtimeRules: Record<string, Partial<Rules>>;
}

export function emptyPlatformData(): PlatformData {
  return {
    meta: {},
    apps: {},
    clients: {},
    personas: {},
    authCodes: {},
    tokens: {},
    refreshIndex: {},
    grants: {},
    faults: {},
    consentPolicies: {},
    consentRequests: {},
    runtimeRules: {},
  };
}
