/**
 * Where a merchant server keeps each customer's token pair. The token manager only needs these
 * three calls, so any storage fits (redis, SQL, lowdb, a session store): implement `TokenStore`.
 */

/** One customer's tokens, as applyToken returned them. Times are ISO 8601 as the gateway wrote them. */
export interface StoredTokens {
  /** The user's id for this app, from applyToken: the key of the store. */
  customerId: string;
  accessToken: string;
  accessTokenExpiryTime: string;
  /** Single use: each refresh returns a new one, and the old one is dead. */
  refreshToken: string;
  refreshTokenExpiryTime: string;
  /**
   * The scopes the user granted (`authSuccessScopes` of my.getAuthCode), when the merchant passed
   * them to `login`. applyToken does not return them, so they are only as good as the caller's.
   */
  scopes?: string[];
}

export interface TokenStore {
  get(customerId: string): Promise<StoredTokens | undefined>;
  /** Creates or replaces the entry for `tokens.customerId`. */
  set(tokens: StoredTokens): Promise<void>;
  delete(customerId: string): Promise<void>;
}

/**
 * A store in process memory: for tests, scripts and single-process demos. Tokens are lost on
 * restart, and several server processes would each hold their own copy.
 */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, StoredTokens>();

  // Copies in and out, so a caller that edits what it got cannot change the store behind its back
  // (as with any real store, which serializes).
  async get(customerId: string): Promise<StoredTokens | undefined> {
    const entry = this.#entries.get(customerId);
    return entry && structuredClone(entry);
  }

  async set(tokens: StoredTokens): Promise<void> {
    this.#entries.set(tokens.customerId, structuredClone(tokens));
  }

  async delete(customerId: string): Promise<void> {
    this.#entries.delete(customerId);
  }

  /** How many customers have tokens (handy in tests). */
  get size(): number {
    return this.#entries.size;
  }
}
