import type { PlatformData } from './model.js';
import type { Store } from './store.js';

/** The global clock's key; a namespace's clock is keyed by the namespace's name. */
export const GLOBAL = '';

/** The meta key each clock's offset is kept under: `clockOffsetMs` (global), `clockOffsetMs<ns>`. */
const CLOCK_KEY = 'clockOffsetMs';

/**
 * The sandbox clock: wall time plus an offset that tests move. Every expiry is decided by it.
 * Each namespace (one per parallel test worker) has a clock of its own, so moving one worker's
 * time cannot expire another worker's tokens. The offsets are kept in the store (`meta`, owned
 * here), so every process sharing the store reads the same time.
 */
export class SandboxClock {
  /** The offsets this process last read or wrote, for `lastKnownNow` only. */
  readonly #known = new Map<string, number>();

  constructor(private readonly store: Store<PlatformData>) {}

  async now(namespace = GLOBAL): Promise<number> {
    return Date.now() + (await this.offsetOf(namespace));
  }

  async offsetOf(namespace = GLOBAL): Promise<number> {
    return this.#remember(namespace, await this.store.get('meta', CLOCK_KEY + namespace));
  }

  /**
   * The time by the offset this process last read or wrote, without asking the store: exact when
   * every move of the clock goes through this process (the embedded store; in-process tests that
   * need a synchronous clock). Decisions use `now`.
   */
  lastKnownNow(namespace = GLOBAL): number {
    return Date.now() + (this.#known.get(namespace) ?? 0);
  }

  /** Moves the clock by `ms` (back when negative); concurrent moves add up. */
  async advance(ms: number, namespace = GLOBAL): Promise<void> {
    const offset = await this.store.transaction(async (tx) => {
      const moved = this.#remember(namespace, await tx.get('meta', CLOCK_KEY + namespace)) + ms;
      tx.put('meta', CLOCK_KEY + namespace, moved);
      return moved;
    });
    this.#known.set(namespace, offset);
  }

  async set(epochMs: number, namespace = GLOBAL): Promise<void> {
    const offset = epochMs - Date.now();
    await this.store.transaction(async (tx) => tx.put('meta', CLOCK_KEY + namespace, offset));
    this.#known.set(namespace, offset);
  }

  /** Back to wall time. */
  async reset(namespace = GLOBAL): Promise<void> {
    await this.store.transaction(async (tx) => tx.delete('meta', CLOCK_KEY + namespace));
    this.#known.delete(namespace);
  }

  /** Every clock is back to wall time (the store was reset as a whole). */
  forgetAll(): void {
    this.#known.clear();
  }

  #remember(namespace: string, stored: number | string | undefined): number {
    const offset = stored === undefined ? 0 : Number(stored);
    this.#known.set(namespace, offset);
    return offset;
  }
}
