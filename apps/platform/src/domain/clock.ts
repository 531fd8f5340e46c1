/** The global clock's key; a namespace's clock is keyed by the namespace's name. */
export const GLOBAL = '';

/**
 * The sandbox clock: wall time plus an offset that tests move. Every expiry is decided by it.
 * Each namespace (one per parallel test worker) has a clock of its own, so moving one worker's
 * time cannot expire another worker's tokens.
 */
export class SandboxClock {
  readonly #offsets: Map<string, number>;

  constructor(
    offsets: Record<string, number> = {},
    private readonly onChange: (namespace: string, offsetMs: number) => void = () => {},
  ) {
    this.#offsets = new Map(Object.entries(offsets));
  }

  now(namespace = GLOBAL): number {
    return Date.now() + this.offsetOf(namespace);
  }

  /** The global clock's offset from wall time. */
  get offsetMs(): number {
    return this.offsetOf(GLOBAL);
  }

  offsetOf(namespace = GLOBAL): number {
    return this.#offsets.get(namespace) ?? 0;
  }

  advance(ms: number, namespace = GLOBAL): void {
    this.#put(namespace, this.offsetOf(namespace) + ms);
  }

  set(epochMs: number, namespace = GLOBAL): void {
    this.#put(namespace, epochMs - Date.now());
  }

  /** Back to wall time. */
  reset(namespace = GLOBAL): void {
    this.#put(namespace, 0);
  }

  /** Every clock back to wall time. */
  resetAll(): void {
    for (const namespace of [...this.#offsets.keys()]) this.reset(namespace);
  }

  #put(namespace: string, offsetMs: number): void {
    this.#offsets.set(namespace, offsetMs);
    this.onChange(namespace, offsetMs);
  }
}
