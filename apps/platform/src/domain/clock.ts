/**
 * The sandbox clock: wall time plus an offset that tests move. Every expiry is decided by it.
 */
export class SandboxClock {
  #offsetMs: number;
  constructor(offsetMs = 0, private readonly onChange: (offsetMs: number) => void = () => {}) {
    this.#offsetMs = offsetMs;
  }

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
    this.onChange(this.#offsetMs);
  }

  /** Back to the wall clock. */
  reset(): void {
    this.#offsetMs = 0;
    this.onChange(0);
  }

  set(epochMs: number): void {
    this.#offsetMs = epochMs - Date.now();
    this.onChange(this.#offsetMs);
  }
}
