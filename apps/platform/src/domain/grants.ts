import type { JournalStore, Change } from '../store/journalStore.js';
import { formatGatewayTime, type Grant, type ScopeName } from '../deps.js';
import type { EventLog } from './events.js';
import { grantKey, type GrantRecord, type PlatformData } from './model.js';

/**
 * What each persona has granted each mini program. The wallet does not ask again for scopes
 * already granted; revoking a grant (the user, in the wallet) also kills the merchant's tokens.
 */
export class Grants {
  constructor(
    private readonly store: JournalStore<PlatformData>,
    private readonly now: (userId: string) => number,
    private readonly events: EventLog,
  ) {}

  of(userId: string, appId: string): GrantRecord | undefined {
    return this.store.get('grants', grantKey(userId, appId));
  }

  list(userId: string): Grant[] {
    return this.store
      .list('grants')
      .filter((g) => g.userId === userId)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((g) => ({ ...g, grantedAt: formatGatewayTime(g.grantedAt), updatedAt: formatGatewayTime(g.updatedAt) }));
  }

  /** The consent scopes of a request that this persona has not granted this app yet. */
  notYetGranted(userId: string, appId: string, scopes: readonly ScopeName[]): ScopeName[] {
    const granted = new Set(this.of(userId, appId)?.scopes ?? []);
    return scopes.filter((s) => !granted.has(s));
  }

  record(userId: string, appId: string, scopes: readonly ScopeName[]): void {
    const now = this.now(userId);
    const existing = this.of(userId, appId);
    const merged = [...new Set([...(existing?.scopes ?? []), ...scopes])];
    const value: GrantRecord = { userId, appId, scopes: merged, grantedAt: existing?.grantedAt ?? now, updatedAt: now };
    this.store.commit([{ op: 'put', table: 'grants', key: grantKey(userId, appId), value }]);
  }

  /** The user takes back everything granted to an app: the grant goes and every live token dies. */
  revoke(userId: string, appId: string): boolean {
    const grant = this.of(userId, appId);
    if (!grant) return false;
    const now = this.now(userId);
    const changes: Change<PlatformData>[] = [{ op: 'delete', table: 'grants', key: grantKey(userId, appId) }];
    const killed = this.store
      .list('tokens')
      .filter((t) => t.userId === userId && t.appId === appId && t.revokedAt === undefined && t.refreshedAt === undefined);
    for (const token of killed) changes.push({ op: 'put', table: 'tokens', key: token.accessToken, value: { ...token, revokedAt: now } });
    this.store.commit(changes);
    this.events.emit('grant.revoked', { appId, userId, data: { scopes: grant.scopes, tokensRevoked: killed.length } });
    for (const token of killed) {
      this.events.emit('token.revoked', { correlationId: token.correlationId, appId, userId, data: { by: 'user' } });
    }
    return true;
  }
}
