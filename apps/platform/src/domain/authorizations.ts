import type { Change, JournalStore } from '../store/journalStore.js';
import { formatGatewayTime, type ApiVersion, type ScopeName } from '../deps.js';
import { OpenApiError, paramIllegal } from './errors.js';
import type { EventLog } from './events.js';
import { customerIdFor, newAccessToken, newAuthCode, newCorrelationId, newRefreshToken } from './ids.js';
import type { AuthCodeRecord, PlatformData, TokenRecord } from './model.js';

export interface Lifetimes {
  authCodeMs: number;
  accessTokenMs: number;
  refreshTokenMs: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = {
  authCodeMs: 5 * 60_000,
  accessTokenMs: 60 * 60_000,
  refreshTokenMs: 30 * 24 * 60 * 60_000,
};

export interface ExchangeCodeInput {
  clientId: string;
  code: string;
  version: ApiVersion;
  /** v2 `appId` or v1 `referenceClientId`: the app the caller believes the code was issued to. */
  appId?: string;
}

/**
 * Codes and tokens: issue, exchange, rotate, check, revoke. Each operation reads and commits in one
 * synchronous run, so two concurrent exchanges of one code cannot both win.
 */
export class Authorizations {
  /** `now(userId)` is the sandbox time of that user's namespace. */
  constructor(
    private readonly store: JournalStore<PlatformData>,
    private readonly now: (userId: string) => number,
    private readonly events: EventLog,
    /** The lifetimes for codes and tokens of an app (its wallet may document its own). */
    private readonly lifetimes: (appId?: string) => Lifetimes,
  ) {}

  issueAuthCode(input: { appId: string; clientId: string; userId: string; scopes: ScopeName[]; correlationId?: string }): AuthCodeRecord {
    const now = this.now(input.userId);
    const record: AuthCodeRecord = {
      code: newAuthCode(),
      appId: input.appId,
      clientId: input.clientId,
      userId: input.userId,
      scopes: input.scopes,
      issuedAt: now,
      expiresAt: now + this.lifetimes(input.appId).authCodeMs,
      correlationId: input.correlationId ?? newCorrelationId(),
    };
    this.store.commit([{ op: 'put', table: 'authCodes', key: record.code, value: record }]);
    this.events.emit('auth_code.issued', {
      correlationId: record.correlationId,
      appId: record.appId,
      userId: record.userId,
      data: { authCode: record.code, scopes: record.scopes, expiresAt: formatGatewayTime(record.expiresAt) },
    });
    return record;
  }

  /**
   * Takes back a code nobody received (its caller gave up before the wallet answered): it expires
   * now, so an exchange gets EXPIRED_AUTHCODE. Only the holder's own unused code; false otherwise.
   */
  withdrawAuthCode(code: string, userId: string): AuthCodeRecord | undefined {
    const record = this.store.get('authCodes', code);
    if (!record || record.userId !== userId || record.usedAt !== undefined) return undefined;
    const now = this.now(userId);
    const withdrawn = { ...record, expiresAt: Math.min(record.expiresAt, now) };
    this.store.commit([{ op: 'put', table: 'authCodes', key: code, value: withdrawn }]);
    return withdrawn;
  }

  exchangeCode(input: ExchangeCodeInput): TokenRecord {
    const code = this.store.get('authCodes', input.code);
    if (!code) throw new OpenApiError('INVALID_AUTHCODE', `authCode ${input.code} was never issued by this platform (or the sandbox was reset).`);
    if (code.clientId !== input.clientId) {
      throw new OpenApiError('INVALID_AUTHCODE', `authCode was issued for client ${code.clientId}, not ${input.clientId}.`);
    }
    if (input.appId !== undefined && input.appId !== code.appId) {
      const field = input.version === 'v1' ? 'referenceClientId' : 'appId';
      throw new OpenApiError(
        input.version === 'v1' ? 'REFERENCE_CLIENT_ID_NOT_MATCH' : 'INVALID_AUTHCODE',
        `authCode was issued to app ${code.appId}, but ${field} is ${input.appId}.`,
      );
    }
    const now = this.now(code.userId);
    if (code.usedAt !== undefined) {
      throw new OpenApiError('USED_AUTHCODE', `authCode was already exchanged at ${new Date(code.usedAt).toISOString()}; it is single-use. Get a new one with my.getAuthCode.`);
    }
    if (now >= code.expiresAt) {
      throw new OpenApiError('EXPIRED_AUTHCODE', `authCode expired at ${new Date(code.expiresAt).toISOString()} (sandbox clock ${new Date(now).toISOString()}). Exchange codes at once.`);
    }
    const pair = this.#newPair(code, now);
    this.store.commit([
      { op: 'put', table: 'authCodes', key: code.code, value: { ...code, usedAt: now } },
      { op: 'put', table: 'tokens', key: pair.accessToken, value: pair },
      { op: 'put', table: 'refreshIndex', key: pair.refreshToken, value: pair.accessToken },
    ]);
    this.events.emit('token.issued', {
      correlationId: code.correlationId,
      appId: code.appId,
      userId: code.userId,
      data: { grantType: 'AUTHORIZATION_CODE', customerId: pair.customerId, scopes: pair.scopes },
    });
    return pair;
  }

  /**
   * Rotates a refresh token: the old pair dies, a new pair with the same grant is born. `appId`,
   * when the caller sent one, must be the token's app; it is checked before anything changes.
   */
  refresh(input: { clientId: string; refreshToken: string; appId?: string }): TokenRecord {
    const accessKey = this.store.get('refreshIndex', input.refreshToken);
    const old = accessKey ? this.store.get('tokens', accessKey) : undefined;
    if (!old || old.clientId !== input.clientId) {
      throw new OpenApiError('INVALID_REFRESH_TOKEN', 'refreshToken was never issued to this client (or the sandbox was reset).');
    }
    const now = this.now(old.userId);
    if (old.refreshedAt !== undefined) {
      throw new OpenApiError('USED_REFRESH_TOKEN', `refreshToken was already used at ${new Date(old.refreshedAt).toISOString()}; use the one that exchange returned.`);
    }
    if (old.revokedAt !== undefined) {
      throw new OpenApiError('INVALID_REFRESH_TOKEN', 'refreshToken was revoked; ask the user again with my.getAuthCode.');
    }
    if (now >= old.refreshExpiresAt) {
      throw new OpenApiError('EXPIRED_REFRESH_TOKEN', `refreshToken expired at ${new Date(old.refreshExpiresAt).toISOString()}; ask the user again with my.getAuthCode.`);
    }
    if (input.appId !== undefined && input.appId !== old.appId) {
      throw paramIllegal('appId', `must be the app the refresh token was issued to (${old.appId})`);
    }
    const pair = this.#newPair(old, now);
    this.store.commit([
      { op: 'put', table: 'tokens', key: old.accessToken, value: { ...old, refreshedAt: now } },
      { op: 'put', table: 'tokens', key: pair.accessToken, value: pair },
      { op: 'put', table: 'refreshIndex', key: pair.refreshToken, value: pair.accessToken },
    ]);
    this.events.emit('token.refreshed', {
      correlationId: old.correlationId,
      appId: old.appId,
      userId: old.userId,
      data: { grantType: 'REFRESH_TOKEN', customerId: pair.customerId },
    });
    return pair;
  }

  /** The live token behind an access token, or the gateway's reason why there is none. */
  activeToken(clientId: string, accessToken: string): TokenRecord {
    const token = this.#currentPair(clientId, accessToken);
    if (this.now(token.userId) >= token.accessExpiresAt) {
      throw new OpenApiError('EXPIRED_ACCESS_TOKEN', `accessToken expired at ${new Date(token.accessExpiresAt).toISOString()}; refresh it with applyToken (grantType REFRESH_TOKEN).`);
    }
    return token;
  }

  /**
   * Kills both tokens of a pair. An access token that merely expired can still be revoked, so its
   * refresh token dies with it.
   */
  revoke(clientId: string, accessToken: string, appId?: string): TokenRecord {
    const token = this.#currentPair(clientId, accessToken);
    if (appId !== undefined && appId !== token.appId) {
      throw new OpenApiError('INVALID_ACCESS_TOKEN', `accessToken was issued to app ${token.appId}, not ${appId}.`);
    }
    const revoked = { ...token, revokedAt: this.now(token.userId) };
    this.store.commit([{ op: 'put', table: 'tokens', key: token.accessToken, value: revoked }]);
    this.events.emit('token.revoked', {
      correlationId: token.correlationId,
      appId: token.appId,
      userId: token.userId,
      data: { by: 'merchant' },
    });
    return revoked;
  }

  /** The pair an access token belongs to, unless it was never this client's, revoked, or rotated. */
  #currentPair(clientId: string, accessToken: string): TokenRecord {
    const token = this.store.get('tokens', accessToken);
    if (!token || token.clientId !== clientId) {
      throw new OpenApiError('INVALID_ACCESS_TOKEN', 'accessToken was never issued to this client (or the sandbox was reset).');
    }
    if (token.revokedAt !== undefined) {
      throw new OpenApiError('INVALID_ACCESS_TOKEN', `accessToken was revoked at ${new Date(token.revokedAt).toISOString()}.`);
    }
    if (token.refreshedAt !== undefined) {
      throw new OpenApiError('INVALID_ACCESS_TOKEN', 'accessToken was replaced when its refresh token was used; use the newest access token.');
    }
    return token;
  }

  /**
   * Deletes codes and token pairs that can no longer be used, once `graceMs` has passed since they
   * died, so the store does not grow without bound. Within the grace period a replayed code still
   * gets USED_AUTHCODE or EXPIRED_AUTHCODE rather than INVALID_AUTHCODE.
   */
  purge(graceMs: number): number {
    const cutoff = (userId: string) => this.now(userId) - graceMs;
    const changes: Change<PlatformData>[] = [];
    for (const code of this.store.list('authCodes')) {
      if (Math.min(code.usedAt ?? Infinity, code.expiresAt) < cutoff(code.userId)) changes.push({ op: 'delete', table: 'authCodes', key: code.code });
    }
    for (const pair of this.store.list('tokens')) {
      // The access token never outlives its refresh token, so the pair is dead when this one is.
      const diedAt = Math.min(pair.refreshExpiresAt, pair.revokedAt ?? Infinity, pair.refreshedAt ?? Infinity);
      if (diedAt < cutoff(pair.userId)) {
        changes.push({ op: 'delete', table: 'tokens', key: pair.accessToken });
        changes.push({ op: 'delete', table: 'refreshIndex', key: pair.refreshToken });
      }
    }
    this.store.commit(changes);
    return changes.length;
  }

  #newPair(grant: { appId: string; clientId: string; userId: string; scopes: ScopeName[]; correlationId: string }, now: number): TokenRecord {
    const lifetimes = this.lifetimes();
    return {
      accessToken: newAccessToken(),
      refreshToken: newRefreshToken(),
      appId: grant.appId,
      clientId: grant.clientId,
      userId: grant.userId,
      customerId: customerIdFor(grant.userId, grant.appId),
      scopes: grant.scopes,
      issuedAt: now,
      accessExpiresAt: now + lifetimes.accessTokenMs,
      refreshExpiresAt: now + lifetimes.refreshTokenMs,
      correlationId: grant.correlationId,
    };
  }
}
