import { randomBytes } from 'node:crypto';
import type { ConsentRequestRecord, PlatformData } from './model.js';
import type { Store } from './store.js';

/** How long a consent sheet may stay open before its request dies. */
export const CONSENT_REQUEST_MS = 10 * 60_000;
/** Pending requests kept at most; a flood drops the oldest first. */
const MAX_PENDING = 10_000;
/** Creations between two sweeps of dead requests: a sweep reads the table, so not on every one. */
const SWEEP_EVERY = 500;

export type { ConsentRequestRecord };

/**
 * One-time consent requests (the `consentRequests` table, owned here): `create` makes one bound to
 * (app, persona, scopes), `take` must present its id and uses it up, in one transaction. They are
 * in the store, so a sheet prepared on one platform process may be decided on another.
 */
export class ConsentRequests {
  #created = 0;

  constructor(
    private readonly store: Store<PlatformData>,
    private readonly now: () => number = Date.now,
  ) {}

  async create(
    input: Omit<ConsentRequestRecord, 'id' | 'createdAt' | 'expiresAt'>,
  ): Promise<ConsentRequestRecord> {
    const now = this.now();
    const record: ConsentRequestRecord = {
      ...input,
      id: `cr_${randomBytes(12).toString('base64url')}`,
      createdAt: now,
      expiresAt: now + CONSENT_REQUEST_MS,
    };
    await this.store.transaction(async (tx) => tx.put('consentRequests', record.id, record));
    if (++this.#created % SWEEP_EVERY === 0) await this.sweep();
    return record;
  }

  /** Removes and returns the request if it is alive; a second take of the same id gets nothing. */
  take(id: string): Promise<ConsentRequestRecord | undefined> {
    return this.store.transaction(async (tx) => {
      const record = await tx.get('consentRequests', id);
      if (!record) return undefined;
      tx.delete('consentRequests', id);
      return record.expiresAt > this.now() ? record : undefined;
    });
  }

  /** Drops dead requests, and the oldest beyond MAX_PENDING. Returns how many went. */
  async sweep(): Promise<number> {
    const now = this.now();
    const pending = (await this.store.list('consentRequests')).sort(
      (a, b) => a.createdAt - b.createdAt,
    );
    const excess = pending.length - MAX_PENDING;
    const dead = pending.filter((r, index) => r.expiresAt <= now || index < excess);
    if (dead.length === 0) return 0;
    await this.store.transaction(async (tx) => {
      for (const record of dead) tx.delete('consentRequests', record.id);
    });
    return dead.length;
  }
}
