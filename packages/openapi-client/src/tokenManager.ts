import type { ApplyTokenResponse, ResultCode, UserInfo } from '@mp-sandbox/protocol';
import type { OpenApiClient } from './client.js';
import {
  GatewayResponseError,
  PlatformApiError,
  ReauthorizationRequiredError,
  type ReauthorizationReason,
} from './errors.js';
import { grantApi, type GrantApi } from './grantApi.js';
import type { StoredTokens, TokenStore } from './tokenStore.js';

interface TokenManagerBaseOptions {
  client: OpenApiClient;
  store: TokenStore;
  /** The mini program's id. */
  appId: string;
  /** The merchant's client id the super app assigned. */
  authClientId: string;
  /**
   * Refresh this long before `accessTokenExpiryTime`, so a token does not die between the check
   * and the call. Default 60 s.
   */
  refreshSkewMs?: number;
  /** The clock that expiry times are compared with, epoch ms. Default `Date.now`. */
  now?: () => number;
}

export type TokenManagerOptions = TokenManagerBaseOptions &
  (
    | { version?: 'v2'; /** Sent as `customerBelongsTo` when given. */ customerBelongsTo?: string }
    | {
        version: 'v1';
        /** The wallet's siteName; v1 calls carry it in `extendInfo`. */ customerBelongsTo: string;
      }
  );

export interface LoginOptions {
  /** `authSuccessScopes` from my.getAuthCode, kept with the tokens (applyToken does not return them). */
  scopes?: string[];
}

/** The refresh token is dead: only a new authorization by the user helps. */
const DEAD_REFRESH_TOKEN: ReadonlySet<ResultCode | undefined> = new Set<
  ResultCode & ReauthorizationReason
>(['EXPIRED_REFRESH_TOKEN', 'INVALID_REFRESH_TOKEN', 'USED_REFRESH_TOKEN']);

/**
 * The access token the call used is no good. EXPIRED: the platform's clock may be ahead of ours.
 * INVALID: another server process may have rotated the pair, or the user revoked it; the docs'
 * advice for both is to get a new access token, and a refresh tells the cases apart.
 */
const STALE_ACCESS_TOKEN: ReadonlySet<ResultCode | undefined> = new Set<ResultCode>([
  'EXPIRED_ACCESS_TOKEN',
  'INVALID_ACCESS_TOKEN',
]);

const DEFAULT_REFRESH_SKEW_MS = 60_000;

/** The token fields of a SUCCESS applyToken answer, checked: a pair we cannot date is no use. */
function tokenFields(response: ApplyTokenResponse): Omit<StoredTokens, 'customerId' | 'scopes'> {
  const { accessToken, accessTokenExpiryTime, refreshToken, refreshTokenExpiryTime } = response;
  if (
    !accessToken ||
    !refreshToken ||
    !accessTokenExpiryTime ||
    !refreshTokenExpiryTime ||
    Number.isNaN(Date.parse(accessTokenExpiryTime)) ||
    Number.isNaN(Date.parse(refreshTokenExpiryTime))
  ) {
    throw new GatewayResponseError(
      'applyToken: the answer is SUCCESS but lacks a token or a valid expiry time',
      200,
      JSON.stringify(response),
    );
  }
  return { accessToken, accessTokenExpiryTime, refreshToken, refreshTokenExpiryTime };
}

/**
 * Keeps each customer's tokens usable: logs in with an authCode, refreshes before (or, when the
 * platform disagrees about the time, after) the access token expires, and turns a dead refresh
 * token into `ReauthorizationRequiredError`.
 *
 * Refresh tokens are single use, so concurrent calls for one customer share one refresh. That
 * holds within this process; across processes sharing a store, a loser of the race gets
 * USED_REFRESH_TOKEN and then picks up the pair the winner stored.
 */
export class TokenManager {
  readonly #store: TokenStore;
  readonly #api: GrantApi;
  readonly #skewMs: number;
  readonly #now: () => number;
  readonly #refreshing = new Map<string, Promise<StoredTokens>>();

  constructor(options: TokenManagerOptions) {
    this.#store = options.store;
    this.#api = grantApi({
      client: options.client,
      appId: options.appId,
      authClientId: options.authClientId,
      version: options.version ?? 'v2',
      ...(options.customerBelongsTo !== undefined && {
        customerBelongsTo: options.customerBelongsTo,
      }),
    });
    this.#skewMs = options.refreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Exchanges the mini program's authCode (single use) and stores the pair. */
  async login(authCode: string, options: LoginOptions = {}): Promise<StoredTokens> {
    const response = await this.#api.exchangeCode(authCode);
    if (!response.customerId) {
      throw new GatewayResponseError(
        'applyToken: the answer is SUCCESS but has no customerId',
        200,
        JSON.stringify(response),
      );
    }
    const tokens: StoredTokens = {
      customerId: response.customerId,
      ...tokenFields(response),
      ...(options.scopes && { scopes: [...options.scopes] }),
    };
    await this.#store.set(tokens);
    return tokens;
  }

  /**
   * Calls `fn` with a live access token: refreshed first when it expires within the skew, and
   * refreshed once more and `fn` retried once when the platform answers EXPIRED_ACCESS_TOKEN or
   * INVALID_ACCESS_TOKEN. `fn` must be safe to call twice. Throws `ReauthorizationRequiredError`
   * when there are no tokens or the refresh token is dead.
   */
  async withAccessToken<T>(
    customerId: string,
    fn: (accessToken: string) => Promise<T>,
  ): Promise<T> {
    let tokens = await this.#stored(customerId);
    if (this.#expiresSoon(tokens))
      tokens = await this.#refreshShared(customerId, tokens.accessToken);
    return this.#callRetryingOnce(customerId, tokens.accessToken, fn);
  }

  /** The customer's profile: the fields the granted scopes unlock. */
  userInfo(customerId: string): Promise<UserInfo> {
    return this.withAccessToken(customerId, (accessToken) => this.#api.userInfo(accessToken));
  }

  /** Rotates the pair now, whatever its expiry (shares a refresh already under way). */
  refresh(customerId: string): Promise<StoredTokens> {
    return this.#refreshShared(customerId);
  }

  /**
   * Revokes the grant on the platform (both tokens die) and forgets it. Nothing stored, or a grant
   * already dead, counts as done. Other failures (e.g. UNKNOWN_EXCEPTION) throw and keep the tokens,
   * so the call can be retried.
   */
  async revoke(customerId: string): Promise<void> {
    try {
      // No refresh ahead of time: an expired access token can still be revoked, and a refresh
      // just to revoke would cost a call. The retry covers a gateway that says otherwise.
      const tokens = await this.#stored(customerId);
      await this.#callRetryingOnce(customerId, tokens.accessToken, (accessToken) =>
        this.#api.revoke(accessToken),
      );
    } catch (error) {
      if (!(error instanceof ReauthorizationRequiredError)) throw error;
    }
    await this.#store.delete(customerId);
  }

  async #stored(customerId: string): Promise<StoredTokens> {
    const tokens = await this.#store.get(customerId);
    if (!tokens) throw new ReauthorizationRequiredError(customerId, 'NO_TOKENS');
    return tokens;
  }

  #expiresSoon(tokens: StoredTokens): boolean {
    // An unreadable time counts as expired: refreshing is safe, trusting it is not.
    const expiresAt = Date.parse(tokens.accessTokenExpiryTime);
    return Number.isNaN(expiresAt) || this.#now() + this.#skewMs >= expiresAt;
  }

  async #callRetryingOnce<T>(
    customerId: string,
    accessToken: string,
    fn: (accessToken: string) => Promise<T>,
  ): Promise<T> {
    try {
      return await fn(accessToken);
    } catch (error) {
      if (!(error instanceof PlatformApiError) || !STALE_ACCESS_TOKEN.has(error.code)) throw error;
      const fresh = await this.#refreshShared(customerId, accessToken);
      return fn(fresh.accessToken);
    }
  }

  /**
   * One refresh per customer at a time: callers that arrive while one runs get its result, since
   * a second refresh with the same (single-use) refresh token would fail with USED_REFRESH_TOKEN.
   */
  #refreshShared(customerId: string, staleAccessToken?: string): Promise<StoredTokens> {
    const running = this.#refreshing.get(customerId);
    if (running) return running;
    // `finally` runs before the callers resume, so nobody joins a refresh that already ended.
    const refresh = this.#rotate(customerId, staleAccessToken).finally(() =>
      this.#refreshing.delete(customerId),
    );
    this.#refreshing.set(customerId, refresh);
    return refresh;
  }

  async #rotate(customerId: string, staleAccessToken: string | undefined): Promise<StoredTokens> {
    const current = await this.#stored(customerId);
    // Someone (a refresh that just ended, another process) already replaced the token the caller
    // found stale: use that pair rather than spending its refresh token too.
    if (
      staleAccessToken !== undefined &&
      current.accessToken !== staleAccessToken &&
      !this.#expiresSoon(current)
    ) {
      return current;
    }
    let response: ApplyTokenResponse;
    try {
      response = await this.#api.refresh(current.refreshToken);
    } catch (error) {
      if (!(error instanceof PlatformApiError) || !DEAD_REFRESH_TOKEN.has(error.code)) throw error;
      const latest = await this.#store.get(customerId);
      // Another process won the race for this refresh token (USED_REFRESH_TOKEN), or the user
      // logged in again meanwhile: the store holds a newer pair.
      if (latest && latest.refreshToken !== current.refreshToken) return latest;
      if (latest) await this.#store.delete(customerId);
      throw new ReauthorizationRequiredError(
        customerId,
        error.code as ReauthorizationReason,
        error,
      );
    }
    // Keep what the merchant stored with the pair (scopes, its own fields); replace the tokens.
    const rotated: StoredTokens = { ...current, ...tokenFields(response), customerId };
    await this.#store.set(rotated);
    return rotated;
  }
}

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  return new TokenManager(options);
}
