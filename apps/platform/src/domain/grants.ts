import { formatGatewayTime, type Grant, type ScopeName } from '../deps.js';
import type { Authorizations } from './authorizations.js';
import type { EventLog } from './events.js';
import { grantKey, type GrantRecord, type PlatformData } from './model.js';
import type { Store, Transaction } from './store.js';

/**
 * What each persona has granted each mini program (the `grants` table, owned here). The wallet
 * does not ask again for scopes already granted; revoking a grant (the user, in the wallet) also
 * kills the merchant's tokens, through their owner.
 */
export class Grants {
  constructor(
    private readonly store: Store<PlatformData>,
    private readonly now: (userId: string) => Promise<number>,
    private readonly events: EventLog,
    private readonly authorizations: Authorizations,
  ) {}

  of(userId: string, appId: string): Promise<GrantRecord | undefined> {
    return this.store.get('grants', grantKey(userId, appId));
  }

  async list(userId: string): Promise<Grant[]> {
    return (await this.store.list('grants', { userId }))
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((g) => ({
        ...g,
        grantedAt: formatGatewayTime(g.grantedAt),
        updatedAt: formatGatewayTime(g.updatedAt),
      }));
  }

  /** The consent scopes of a request that this persona has not granted this app yet. */
  async notYetGranted(
    userId: string,
    appId: string,
    scopes: readonly ScopeName[],
  ): Promise<ScopeName[]> {
    const granted = new Set((await this.of(userId, appId))?.scopes ?? []);
    return scopes.filter((s) => !granted.has(s));
  }

  async record(userId: string, appId: string, scopes: readonly ScopeName[]): Promise<void> {
    const now = await this.now(userId);
    await this.store.transaction(async (tx) => {
      const existing = await tx.get('grants', grantKey(userId, appId));
      const merged = [...new Set([...(existing?.scopes ?? []), ...scopes])];
      const value: GrantRecord = {
        userId,
        appId,
        scopes: merged,
        grantedAt: existing?.grantedAt ?? now,
        updatedAt: now,
      };
      tx.put('grants', grantKey(userId, appId), value);
    });
  }

  /** The user takes back everything granted to an app: the grant goes and every live token dies. */
  async revoke(userId: string, appId: string): Promise<boolean> {
    const now = await this.now(userId);
    const revoked = await this.store.transaction(async (tx) => {
      const grant = await tx.get('grants', grantKey(userId, appId));
      if (!grant) return undefined;
      tx.delete('grants', grantKey(userId, appId));
      return { grant, killed: await this.authorizations.revokeAllIn(tx, userId, appId, now) };
    });
    if (!revoked) return false;
    const { grant, killed } = revoked;
    await this.events.emit('grant.revoked', {
      appId,
      userId,
      data: { scopes: grant.scopes, tokensRevoked: killed.length },
    });
    for (const token of killed) {
      await this.events.emit('token.revoked', {
        correlationId: token.correlationId,
        appId,
        userId,
        data: { by: 'user' },
      });
    }
    return true;
  }

  /** Deletes every grant of these users, in the caller's transaction (namespaces.ts). */
  async forgetUsersIn(tx: Transaction<PlatformData>, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) {
      for (const grant of await tx.list('grants', { userId }))
        tx.delete('grants', grantKey(grant.userId, grant.appId));
    }
  }
}
