import type { MerchantClient, MiniProgramApp, Persona, ScopeName, Tables } from '../deps.js';

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

export interface PlatformData extends Tables {
  meta: Record<string, number | string>;
  apps: Record<string, MiniProgramApp>;
  clients: Record<string, MerchantClient>;
  personas: Record<string, Persona>;
  authCodes: Record<string, AuthCodeRecord>;
  /** Token pairs by access token; `refreshIndex` finds them by refresh token. */
  tokens: Record<string, TokenRecord>;
  refreshIndex: Record<string, string>;
  grants: Record<string, GrantRecord>;
}

export function emptyPlatformData(): PlatformData {
  return { meta: {}, apps: {}, clients: {}, personas: {}, authCodes: {}, tokens: {}, refreshIndex: {}, grants: {} };
}
