import { randomBytes } from 'node:crypto';
import type { ConsentPolicy, ConsentPolicyBody, ScopeName } from '../deps.js';
import { newStamp } from './ids.js';
import type { ConsentPolicyRecord, PlatformData } from './model.js';
import type { Store } from './store.js';

/** How specific a policy is: one that names the persona beats one that names only the app. */
const specificity = (p: ConsentPolicy) =>
  Number(p.userId !== undefined) * 4 +
  Number(p.appId !== undefined) * 2 +
  Number(p.scope !== undefined);

/** The policy as the control API shows it: without the order it was added in. */
function shown({ addedAt: _addedAt, ...policy }: ConsentPolicyRecord): ConsentPolicy {
  return policy;
}

const inOrder = (policies: ConsentPolicyRecord[]) => policies.sort((a, b) => a.addedAt - b.addedAt);

/**
 * What the wallet does instead of showing the consent sheet, so a test that is not about consent
 * need not click it. A policy names an app, a persona and a scope, or leaves any of them open; the
 * most specific one that matches wins, the newest among equals. Kept in the store (the
 * `consentPolicies` table, owned here); a reset clears them.
 */
export class ConsentPolicies {
  constructor(private readonly store: Store<PlatformData>) {}

  /** Adds a policy the control API read (`consentPolicyBodySchema`). */
  async add(input: ConsentPolicyBody): Promise<ConsentPolicy> {
    const { decision, namespace, appId, userId, scope } = input;
    const policy: ConsentPolicyRecord = {
      id: randomBytes(4).toString('hex'),
      decision,
      ...(namespace && { namespace }),
      ...(appId && { appId }),
      ...(userId && { userId }),
      ...(scope && { scope }),
      addedAt: newStamp(),
    };
    await this.store.transaction(async (tx) => tx.put('consentPolicies', policy.id, policy));
    return shown(policy);
  }

  async list(namespace?: string): Promise<ConsentPolicy[]> {
    const policies = await this.store.list(
      'consentPolicies',
      namespace === undefined ? undefined : { namespace },
    );
    return inOrder(policies).map(shown);
  }

  /** Drops one policy, or every policy. */
  remove(id?: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      const policies =
        id === undefined ? await tx.list('consentPolicies') : [await tx.get('consentPolicies', id)];
      for (const policy of policies) if (policy) tx.delete('consentPolicies', policy.id);
    });
  }

  /** Drops a namespace's policies. */
  clear(namespace: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      for (const policy of await tx.list('consentPolicies', { namespace }))
        tx.delete('consentPolicies', policy.id);
    });
  }

  /**
   * The decision for a sheet asking `scopes`: `cancel` or `deny` if any scope's policy says so,
   * `approve` if every scope's policy approves, otherwise undefined (show the sheet).
   */
  async decide(request: {
    namespace?: string;
    appId: string;
    userId: string;
    scopes: readonly ScopeName[];
  }): Promise<'approve' | 'deny' | 'cancel' | undefined> {
    const policies = inOrder(await this.store.list('consentPolicies'));
    const perScope = request.scopes.map((scope) => {
      const matching = policies.filter(
        (p) =>
          p.namespace === request.namespace &&
          (p.appId === undefined || p.appId === request.appId) &&
          (p.userId === undefined || p.userId === request.userId) &&
          (p.scope === undefined || p.scope === scope),
      );
      // Newest first, then the most specific: a stable sort keeps the newest among equals first.
      const best = [...matching].reverse().sort((a, b) => specificity(b) - specificity(a))[0];
      return best?.decision ?? 'ask';
    });
    if (perScope.includes('cancel')) return 'cancel';
    if (perScope.includes('deny')) return 'deny';
    return perScope.length > 0 && perScope.every((d) => d === 'approve') ? 'approve' : undefined;
  }
}
