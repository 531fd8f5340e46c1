import { closeSync, fdatasync, fdatasyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';

const fdatasyncAsync = promisify(fdatasync);
const DONE = Promise.resolve();

/**
 * An append-only file with group commit: `append` writes at once (so the order of changes is the
 * order of calls), and `durable` resolves when everything appended so far is on disk. Changes made
 * while a sync runs share the next one, and the event loop keeps serving requests meanwhile.
 */
export class JournalFile {
  #fd: number;
  #written = 0;
  #synced = 0;
  #syncing: Promise<void> | undefined;

  constructor(private readonly file: string) {
    this.#fd = openSync(file, 'a');
  }

  /**
   * Writes at once and starts a sync if none is running, so the disk works while the caller
   * prepares its answer (signing it, say) instead of after.
   */
  append(text: string): void {
    writeSync(this.#fd, text);
    this.#written += 1;
    if (!this.#syncing) this.#syncing = this.#syncOnce();
    // Failures reach whoever awaits durable(); this early start must not be an unhandled rejection.
    this.#syncing.catch(() => {});
  }

  durable(): Promise<void> {
    const target = this.#written;
    return target <= this.#synced ? DONE : this.#syncTo(target);
  }

  async #syncTo(target: number): Promise<void> {
    while (this.#synced < target) {
      this.#syncing ??= this.#syncOnce();
      await this.#syncing;
    }
  }

  #syncOnce(): Promise<void> {
    const upTo = this.#written;
    const sync: Promise<void> = fdatasyncAsync(this.#fd)
      .then(() => {
        this.#synced = Math.max(this.#synced, upTo);
      })
      .finally(() => {
        if (this.#syncing === sync) this.#syncing = undefined;
      });
    return sync;
  }

  /**
   * Makes what was written durable, moves the file to `to`, and goes on in a fresh file at the
   * original path. Returns a function that closes the moved file once its last sync is done.
   */
  rotate(to: string): () => Promise<void> {
    fdatasyncSync(this.#fd);
    this.#synced = this.#written;
    const old = this.#fd;
    const inFlight = this.#syncing;
    renameSync(this.file, to);
    this.#fd = openSync(this.file, 'a');
    this.#syncing = undefined;
    return async () => {
      await inFlight?.catch(() => {});
      closeSync(old);
    };
  }

  async close(): Promise<void> {
    await this.durable();
    closeSync(this.#fd);
  }
}
