import { closeSync, constants, fstatSync, openSync, renameSync, write, writeSync } from 'node:fs';

const DONE = Promise.resolve();
/**
 * Every write is on disk when it returns (O_DSYNC: the data and the size, as `fdatasync`), so one
 * thread-pool job both writes a batch and makes it durable. No O_APPEND: each batch is written at
 * the offset it was given, so the order in the file is the order of `append` calls even when a
 * batch is written twice (see `rotate`).
 */
const FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_DSYNC;

/** A batch handed to the disk: its bytes, where they go, and how many lines they end. */
interface Batch {
  bytes: Buffer;
  at: number;
  upTo: number;
}

/**
 * An append-only file with group commit: `append` queues a line (the caller has already applied
 * the change in memory, in call order), and `durable` resolves when every line appended so far
 * is on disk. One batch is on its way to the disk at a time, written and synced by one thread-pool
 * job; lines appended meanwhile share the next batch. The event loop makes no write system call
 * of its own: a synchronous write there waits whenever the page it extends is under writeback.
 */
export class JournalFile {
  #fd: number;
  /** Where the next batch goes: the end of what was written or is being written. */
  #end: number;
  #pending: string[] = [];
  #appended = 0;
  #synced = 0;
  #inFlight: Batch | undefined;
  #writing: Promise<void> | undefined;

  constructor(private readonly file: string) {
    this.#fd = openSync(file, FLAGS);
    this.#end = fstatSync(this.#fd).size;
  }

  /** Queues a line and starts a batch if none is on its way, so the disk works while the caller prepares its answer. */
  append(text: string): void {
    this.#pending.push(text);
    this.#appended += 1;
    if (!this.#writing) this.#flush();
  }

  durable(): Promise<void> {
    const target = this.#appended;
    return target <= this.#synced ? DONE : this.#syncTo(target);
  }

  async #syncTo(target: number): Promise<void> {
    while (this.#synced < target) {
      if (!this.#writing) this.#flush();
      try {
        await this.#writing;
      } catch (error) {
        // `rotate` may have written the batch again, synchronously, while this one failed.
        if (this.#synced >= target) return;
        throw error;
      }
    }
  }

  #flush(): void {
    const fd = this.#fd;
    const batch: Batch = {
      bytes: Buffer.from(this.#pending.join('')),
      at: this.#end,
      upTo: this.#appended,
    };
    this.#pending = [];
    this.#end += batch.bytes.length;
    this.#inFlight = batch;
    const job: Promise<void> = writeAll(fd, batch).then(
      () => {
        this.#synced = Math.max(this.#synced, batch.upTo);
      },
      (error: unknown) => {
        // Not written: it goes first in the next batch, at the same offset (a retry overwrites
        // whatever part of it reached the file). A rotated file was already completed by `rotate`.
        if (fd === this.#fd && this.#inFlight === batch) {
          this.#pending.unshift(batch.bytes.toString('utf8'));
          this.#end = batch.at;
        }
        throw error;
      },
    );
    const settled = job.finally(() => {
      if (this.#writing !== settled) return;
      this.#writing = undefined;
      this.#inFlight = undefined;
      // Lines that came while this batch was written; after a failure, the next `durable` retries.
      if (this.#pending.length > 0 && this.#synced >= batch.upTo) this.#flush();
    });
    this.#writing = settled;
    // Failures reach whoever awaits durable(); this early start must not be an unhandled rejection.
    settled.catch(() => {});
  }

  /**
   * Makes what was appended durable, moves the file to `to`, and goes on in a fresh file at the
   * original path. Returns a function that closes the moved file once its last write is done.
   */
  rotate(to: string): () => Promise<void> {
    const old = this.#fd;
    // A batch still on its way is written again at its own offset (the same bytes at the same
    // place, whichever write lands last), then the queued lines after it: all durable on return.
    if (this.#inFlight) writeAllSync(old, this.#inFlight);
    if (this.#pending.length > 0) {
      const bytes = Buffer.from(this.#pending.join(''));
      writeAllSync(old, { bytes, at: this.#end, upTo: this.#appended });
      this.#pending = [];
    }
    this.#synced = this.#appended;
    const inFlight = this.#writing;
    this.#writing = undefined;
    this.#inFlight = undefined;
    renameSync(this.file, to);
    this.#fd = openSync(this.file, FLAGS);
    this.#end = fstatSync(this.#fd).size;
    return async () => {
      await inFlight?.catch(() => {});
      closeSync(old);
    };
  }

  async close(): Promise<void> {
    await this.durable();
    await this.#writing?.catch(() => {});
    closeSync(this.#fd);
  }
}

/** Writes the whole batch at its offset on the thread pool (a short write goes on from where it stopped). */
function writeAll(fd: number, batch: Batch): Promise<void> {
  return new Promise((resolve, reject) => {
    const from = (done: number) =>
      write(fd, batch.bytes, done, batch.bytes.length - done, batch.at + done, (error, n) => {
        if (error) reject(error);
        else if (done + n < batch.bytes.length) from(done + n);
        else resolve();
      });
    from(0);
  });
}

function writeAllSync(fd: number, batch: Batch): void {
  let done = 0;
  while (done < batch.bytes.length)
    done += writeSync(fd, batch.bytes, done, batch.bytes.length - done, batch.at + done);
}
