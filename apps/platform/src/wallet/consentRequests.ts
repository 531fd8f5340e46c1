import { randomBytes } from 'node:crypto';
import type { ScopeName } from '../deps.js';

/** How long a consent sheet may stay open before its request dies. */
export const CONSENT_REQUEST_MS = 10 * 60_000;
/** Pending requests kept at most; a flood drops the oldest first. */
const MAX_PENDING = 10_000;

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
  expiresAt: number;
}

/**
 * One-time consent requests: `prepare` creates one bound to (app, persona, scopes), `authorize`
 * must present its id and uses it up. A decision can only be recorded for a sheet the wallet was
 * told to show, for the persona holding the wallet.
 */
export class ConsentRequests {
  readonly #pending = new Map<string, ConsentRequestRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  create(input: Omit<ConsentRequestRecord, 'id' | 'expiresAt'>): ConsentRequestRecord {
    this.#sweep();
    const record = { ...input, id: `cr_${randomBytes(12).toString('base64url')}`, expiresAt: this.now() + CONSENT_REQUEST_MS };
    this.#pending.set(record.id, record);
    return record;
  }

  /** Removes and returns the request if it is alive; a second take of the same id gets nothing. */
  take(id: string): ConsentRequestRecord | undefined {
    const record = this.#pending.get(id);
    this.#pending.delete(id);
    return record && record.expiresAt > this.now() ? record : undefined;
  }

  clear(): void {
    this.#pending.clear();
  }

  #sweep(): void {
    const now = this.now();
    for (const [id, record] of this.#pending) {
      // Map order is insertion order: the oldest first.
      if (record.expiresAt > now && this.#pending.size < MAX_PENDING) break;
      this.#pending.delete(id);
    }
  }
}
