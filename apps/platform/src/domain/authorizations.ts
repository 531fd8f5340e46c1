import { formatGatewayTime, type ApiVersion, type ScopeName } from '../deps.js';
import { OpenApiError, paramIllegal } from './errors.js';
import type { EventLog } from './events.js';
import {
  customerIdFor,
  newAccessToken,
  newAuthCode,
  newCorrelationId,
  newRefreshToken,
} from './ids.js';
import type { AuthCodeRecord, PlatformData, TokenRecord } from './model.js';
import type { Store, Transaction } from './store.js';

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

/** What links a gateway call to the login it belongs to. */
export interface LoginLink {
  correlationId: string;
  appId: string;
  userId: string;
}

/**
 * Codes and tokens: issue, exchange, rotate, check, revoke (the `authCodes`, `tokens` and
 * `refreshIndex` tables, owned here). The read-check-write of an exchange and of a rotation each
 * run in one store transaction, so two concurrent exchanges of one code cannot both win, in this
 * process or in another sharing the store.
 */
export class Authorizations {
  /** `now(userId)` is the sandbox time of that user's namespace. */
  constructor(
    private readonly store: Store<PlatformData>,
    private readonly now: (userId: string) => Promise<number>,
    private readonly events: EventLog,
    /** The lifetimes for codes and tokens of an app (its wallet may document its own). */
    private readonly lifetimes: (appId?: string) => Promise<Lifetimes>,
  ) {}

  async issueAuthCode(input: {
    appId: string;
    clientId: string;
    userId: string;
    scopes: ScopeName[];
    correlationId?: string;
  }): Promise<AuthCodeRecord> {
    const now = await this.now(input.userId);
    const record: AuthCodeRecord = {
      code: newAuthCode(),
      appId: input.appId,
      clientId: input.clientId,
      userId: input.userId,
      scopes: input.scopes,
      issuedAt: now,
      expiresAt: now + (await this.lifetimes(input.appId)).authCodeMs,
      correlationId: input.correlationId ?? newCorrelationId(),
    };
    await this.store.transaction(async (tx) => tx.put('authCodes', record.code, record));
    await this.events.emit('auth_code.issued', {
      correlationId: record.correlationId,
      appId: record.appId,
      userId: record.userId,
      data: {
        authCode: record.code,
        scopes: record.scopes,
        expiresAt: formatGatewayTime(record.expiresAt),
      },
    });
    return record;
  }

  /**
   * Takes back a code nobody received (its caller gave up before the wallet answered): it expires
   * now, so an exchange gets EXPIRED_AUTHCODE. Only the holder's own unused code; false otherwise.
   */
  async withdrawAuthCode(code: string, userId: string): Promise<AuthCodeRecord | undefined> {
    const now = await this.now(userId);
    return this.store.transaction(async (tx) => {
      const record = await tx.get('authCodes', code);
      if (!record || record.userId !== userId || record.usedAt !== undefined) return undefined;
      const withdrawn = { ...record, expiresAt: Math.min(record.expiresAt, now) };
      tx.put('authCodes', code, withdrawn);
      return withdrawn;
    });
  }

  /** Trades a code for a token pair, once: the check and the use are one transaction. */
  async exchangeCode(input: ExchangeCodeInput): Promise<TokenRecord> {
    const { code, pair } = await this.store.transaction((tx) => this.#exchangeIn(tx, input));
    await this.events.emit('token.issued', {
      correlationId: code.correlationId,
      appId: code.appId,
      userId: code.userId,
      data: { grantType: 'AUTHORIZATION_CODE', customerId: pair.customerId, scopes: pair.scopes },
    });
    return pair;
  }

  async #exchangeIn(
    tx: Transaction<PlatformData>,
    input: ExchangeCodeInput,
  ): Promise<{ code: AuthCodeRecord; pair: TokenRecord }> {
    const code = await tx.get('authCodes', input.code);
    if (!code)
      throw new OpenApiError(
        'INVALID_AUTHCODE',
        `authCode ${input.code} was never issued by this platform (or the sandbox was reset).`,
      );
    if (code.clientId !== input.clientId) {
      throw new OpenApiError(
        'INVALID_AUTHCODE',
        `authCode was issued for client ${code.clientId}, not ${input.clientId}.`,
      );
    }
    if (input.appId !== undefined && input.appId !== code.appId) {
      const field = input.version === 'v1' ? 'referenceClientId' : 'appId';
      throw new OpenApiError(
        input.version === 'v1' ? 'REFERENCE_CLIENT_ID_NOT_MATCH' : 'INVALID_AUTHCODE',
        `authCode was issued to app ${code.appId}, but ${field} is ${input.appId}.`,
      );
    }
    const now = await this.now(code.userId);
    if (code.usedAt !== undefined) {
      throw new OpenApiError(
        'USED_AUTHCODE',
        `authCode was already exchanged at ${new Date(code.usedAt).toISOString()}; it is single-use. Get a new one with my.getAuthCode.`,
      );
    }
    if (now >= code.expiresAt) {
      throw new OpenApiError(
        'EXPIRED_AUTHCODE',
        `authCode expired at ${new Date(code.expiresAt).toISOString()} (sandbox clock ${new Date(now).toISOString()}). Exchange codes at once.`,
      );
    }
    const pair = this.#newPair(code, now, await this.lifetimes());
    tx.put('authCodes', code.code, { ...code, usedAt: now });
    tx.put('tokens', pair.accessToken, pair);
    tx.put('refreshIndex', pair.refreshToken, pair.accessToken);
    return { code, pair };
  }

  /**
   * Rotates a refresh token: the old pair dies, a new pair with the same grant is born. `appId`,
   * when the caller sent one, must be the token's app; it is checked before anything changes.
   */
  async refresh(input: {
    clientId: string;
    refreshToken: string;
    appId?: string;
  }): Promise<TokenRecord> {
    const { old, pair } = await this.store.transaction((tx) => this.#refreshIn(tx, input));
    await this.events.emit('token.refreshed', {
      correlationId: old.correlationId,
      appId: old.appId,
      userId: old.userId,
      data: { grantType: 'REFRESH_TOKEN', customerId: pair.customerId },
    });
    return pair;
  }

  async #refreshIn(
    tx: Transaction<PlatformData>,
    input: { clientId: string; refreshToken: string; appId?: string },
  ): Promise<{ old: TokenRecord; pair: TokenRecord }> {
    const accessKey = await tx.get('refreshIndex', input.refreshToken);
    const old = accessKey ? await tx.get('tokens', accessKey) : undefined;
    if (!old || old.clientId !== input.clientId) {
      throw new OpenApiError(
        'INVALID_REFRESH_TOKEN',
        'refreshToken was never issued to this client (or the sandbox was reset).',
      );
    }
    const now = await this.now(old.userId);
    if (old.refreshedAt !== undefined) {
      throw new OpenApiError(
        'USED_REFRESH_TOKEN',
        `refreshToken was already used at ${new Date(old.refreshedAt).toISOString()}; use the one that exchange returned.`,
      );
    }
    if (old.revokedAt !== undefined) {
      throw new OpenApiError(
        'INVALID_REFRESH_TOKEN',
        'refreshToken was revoked; ask the user again with my.getAuthCode.',
      );
    }
    if (now >= old.refreshExpiresAt) {
      throw new OpenApiError(
        'EXPIRED_REFRESH_TOKEN',
        `refreshToken expired at ${new Date(old.refreshExpiresAt).toISOString()}; ask the user again with my.getAuthCode.`,
      );
    }
    if (input.appId !== undefined && input.appId !== old.appId) {
      throw paramIllegal('appId', `must be the app the refresh token was issued to (${old.appId})`);
    }
    const pair = this.#newPair(old, now, await this.lifetimes());
    tx.put('tokens', old.accessToken, { ...old, refreshedAt: now });
    tx.put('tokens', pair.accessToken, pair);
    tx.put('refreshIndex', pair.refreshToken, pair.accessToken);
    return { old, pair };
  }

  /** The live token behind an access token, or the gateway's reason why there is none. */
  async activeToken(clientId: string, accessToken: string): Promise<TokenRecord> {
    const token = this.#currentPair(clientId, await this.store.get('tokens', accessToken));
    if ((await this.now(token.userId)) >= token.accessExpiresAt) {
      throw new OpenApiError(
        'EXPIRED_ACCESS_TOKEN',
        `accessToken expired at ${new Date(token.accessExpiresAt).toISOString()}; refresh it with applyToken (grantType REFRESH_TOKEN).`,
      );
    }
    return token;
  }

  /**
   * Kills both tokens of a pair. An access token that merely expired can still be revoked, so its
   * refresh token dies with it.
   */
  async revoke(clientId: string, accessToken: string, appId?: string): Promise<TokenRecord> {
    const revoked = await this.store.transaction(async (tx) => {
      const token = this.#currentPair(clientId, await tx.get('tokens', accessToken));
      if (appId !== undefined && appId !== token.appId) {
        throw new OpenApiError(
          'INVALID_ACCESS_TOKEN',
          `accessToken was issued to app ${token.appId}, not ${appId}.`,
        );
      }
      const value = { ...token, revokedAt: await this.now(token.userId) };
      tx.put('tokens', token.accessToken, value);
      return value;
    });
    const token = revoked;
    await this.events.emit('token.revoked', {
      correlationId: token.correlationId,
      appId: token.appId,
      userId: token.userId,
      data: { by: 'merchant' },
    });
    return revoked;
  }

  /**
   * The user takes back an app's grant (grants.ts): every live token pair of (user, app) dies, in
   * the caller's transaction. Returns the pairs it killed.
   */
  async revokeAllIn(
    tx: Transaction<PlatformData>,
    userId: string,
    appId: string,
    now: number,
  ): Promise<TokenRecord[]> {
    const live = (await tx.list('tokens', { userId, appId })).filter(
      (t) => t.revokedAt === undefined && t.refreshedAt === undefined,
    );
    for (const token of live) tx.put('tokens', token.accessToken, { ...token, revokedAt: now });
    return live;
  }

  /** Deletes every code and token pair of these users, in the caller's transaction (namespaces.ts). */
  async forgetUsersIn(tx: Transaction<PlatformData>, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) {
      for (const code of await tx.list('authCodes', { userId })) tx.delete('authCodes', code.code);
      for (const pair of await tx.list('tokens', { userId })) {
        tx.delete('tokens', pair.accessToken);
        tx.delete('refreshIndex', pair.refreshToken);
      }
    }
  }

  /** The login a code or token belongs to (used, expired or revoked alike), for the timeline. */
  async loginOf(carried: {
    authCode?: string;
    accessToken?: string;
    refreshToken?: string;
  }): Promise<LoginLink | undefined> {
    const code = carried.authCode ? await this.store.get('authCodes', carried.authCode) : undefined;
    if (code) return { correlationId: code.correlationId, appId: code.appId, userId: code.userId };
    const accessToken =
      carried.accessToken ??
      (carried.refreshToken
        ? await this.store.get('refreshIndex', carried.refreshToken)
        : undefined);
    const pair = accessToken ? await this.store.get('tokens', accessToken) : undefined;
    return pair && { correlationId: pair.correlationId, appId: pair.appId, userId: pair.userId };
  }

  /** The pair an access token belongs to, unless it was never this client's, revoked, or rotated. */
  #currentPair(clientId: string, token: TokenRecord | undefined): TokenRecord {
    if (!token || token.clientId !== clientId) {
      throw new OpenApiError(
        'INVALID_ACCESS_TOKEN',
        'accessToken was never issued to this client (or the sandbox was reset).',
      );
    }
    if (token.revokedAt !== undefined) {
      throw new OpenApiError(
        'INVALID_ACCESS_TOKEN',
        `accessToken was revoked at ${new Date(token.revokedAt).toISOString()}.`,
      );
    }
    if (token.refreshedAt !== undefined) {
      throw new OpenApiError(
        'INVALID_ACCESS_TOKEN',
        'accessToken was replaced when its refresh token was used; use the newest access token.',
      );
    }
    return token;
  }

  /**
   * Deletes codes and token pairs that can no longer be used, once `graceMs` has passed since they
   * died, so the store does not grow without bound. Within the grace period a replayed code still
   * gets USED_AUTHCODE or EXPIRED_AUTHCODE rather than INVALID_AUTHCODE.
   */
  async purge(graceMs: number): Promise<number> {
    // One clock reading per user, not per record: a user's codes and tokens share a namespace.
    const cutoffs = new Map<string, Promise<number>>();
    const cutoff = (userId: string) => {
      let found = cutoffs.get(userId);
      if (!found) cutoffs.set(userId, (found = this.now(userId).then((now) => now - graceMs)));
      return found;
    };
    const deadCodes: string[] = [];
    for (const code of await this.store.list('authCodes')) {
      if (Math.min(code.usedAt ?? Infinity, code.expiresAt) < (await cutoff(code.userId)))
        deadCodes.push(code.code);
    }
    const deadPairs: TokenRecord[] = [];
    for (const pair of await this.store.list('tokens')) {
      // The access token never outlives its refresh token, so the pair is dead when this one is.
      const diedAt = Math.min(
        pair.refreshExpiresAt,
        pair.revokedAt ?? Infinity,
        pair.refreshedAt ?? Infinity,
      );
      if (diedAt < (await cutoff(pair.userId))) deadPairs.push(pair);
    }
    if (deadCodes.length === 0 && deadPairs.length === 0) return 0;
    // What is dead stays dead, so the deletes need not read again.
    await this.store.transaction(async (tx) => {
      for (const code of deadCodes) tx.delete('authCodes', code);
      for (const pair of deadPairs) {
        tx.delete('tokens', pair.accessToken);
        tx.delete('refreshIndex', pair.refreshToken);
      }
    });
    return deadCodes.length + deadPairs.length * 2;
  }

  #newPair(
    grant: {
      appId: string;
      clientId: string;
      userId: string;
      scopes: ScopeName[];
      correlationId: string;
    },
    now: number,
    lifetimes: Lifetimes,
  ): TokenRecord {
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
