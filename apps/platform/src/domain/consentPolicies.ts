import { randomBytes } from 'node:crypto';
import { isScopeName, type ConsentDecision, type ConsentPolicy, type ScopeName } from '../deps.js';
import { ControlApiError } from './errors.js';

const DECISIONS: readonly ConsentDecision[] = ['ask', 'approve', 'deny', 'cancel'];

/** How specific a policy is: one that names the persona beats one that names only the app. */
const specificity = (p: ConsentPolicy) => Number(p.userId !== undefined) * 4 + Number(p.appId !== undefined) * 2 + Number(p.scope !== undefined);

/**
 * What the wallet does instead of showing the consent sheet, so a test that is not about consent
 * need not click it. A policy names an app, a persona and a scope, or leaves any of them open; the
 * most specific one that matches wins, the newest among equals. Kept in memory; reset clears them.
 */
export class ConsentPolicies {
  #policies: ConsentPolicy[] = [];

  add(input: Record<string, unknown>): ConsentPolicy {
    const decision = input['decision'];
    if (!DECISIONS.includes(decision as ConsentDecision)) {
      throw new ControlApiError(400, 'INVALID_POLICY', `decision must be one of ${DECISIONS.join(', ')}`);
    }
    const text = (field: string) => {
      const value = input[field];
      if (value === undefined || value === null || value === '') return undefined;
      if (typeof value !== 'string') throw new ControlApiError(400, 'INVALID_POLICY', `${field} must be a string, or left out to match any`);
      return value;
    };
    const scope = text('scope');
    if (scope !== undefined && !isScopeName(scope)) throw new ControlApiError(400, 'INVALID_POLICY', `scope ${scope} is not a known scope`);
    const policy: ConsentPolicy = {
      id: randomBytes(4).toString('hex'),
      decision: decision as ConsentDecision,
      ...(text('namespace') && { namespace: text('namespace') }),
      ...(text('appId') && { appId: text('appId') }),
      ...(text('userId') && { userId: text('userId') }),
      ...(scope && { scope: scope as ScopeName }),
    };
    this.#policies.push(policy);
    return policy;
  }

  list(namespace?: string): ConsentPolicy[] {
    return this.#policies.filter((p) => namespace === undefined || p.namespace === namespace);
  }

  remove(id?: string): void {
    this.#policies = id === undefined ? [] : this.#policies.filter((p) => p.id !== id);
  }

  clear(namespace: string): void {
    this.#policies = this.#policies.filter((p) => p.namespace !== namespace);
  }

  /**
   * The decision for a sheet asking `scopes`: `cancel` or `deny` if any scope's policy says so,
   * `approve` if every scope's policy approves, otherwise undefined (show the sheet).
   */
  decide(request: { namespace?: string; appId: string; userId: string; scopes: readonly ScopeName[] }): 'approve' | 'deny' | 'cancel' | undefined {
    const perScope = request.scopes.map((scope) => {
      const matching = this.#policies.filter(
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
