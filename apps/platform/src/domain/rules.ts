import { DEFAULT_RULES, type Rules } from '../deps.js';
import type { PlatformData } from './model.js';
import type { Registry } from './registry.js';
import type { Store } from './store.js';

/** The row of `runtimeRules` that holds the sandbox-wide modes the control API set. */
const SANDBOX = 'sandbox';

/**
 * The rule modes in force: DEFAULT_RULES, then the config's, then what the control API set (kept
 * in the store's `runtimeRules`, owned here, so every process applies the same until a reset),
 * then the app's own.
 */
export class RuleModes {
  constructor(
    private readonly store: Store<PlatformData>,
    private readonly registry: Registry,
    private readonly configured: Partial<Rules> | undefined,
  ) {}

  async of(appId: string | undefined): Promise<Rules> {
    const [runtime, app] = await Promise.all([
      this.store.get('runtimeRules', SANDBOX),
      appId !== undefined ? this.registry.app(appId) : undefined,
    ]);
    return { ...DEFAULT_RULES, ...this.configured, ...runtime, ...app?.rules };
  }

  /** Changes the sandbox's modes (those given) until a reset. */
  set(rules: Partial<Rules>): Promise<void> {
    return this.store.transaction(async (tx) => {
      tx.put('runtimeRules', SANDBOX, { ...(await tx.get('runtimeRules', SANDBOX)), ...rules });
    });
  }
}
