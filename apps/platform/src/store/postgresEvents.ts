import pg from 'pg';
import type { SandboxEvent } from '../deps.js';
import type { EventFilter, EventInput } from '../domain/store.js';

type Listener = (event: SandboxEvent) => void;

/** Rows read per query when catching up, so a long backlog never lands in memory at once. */
const BATCH = 1000;

/**
 * The shared timeline on PostgreSQL. Appends are numbered by a sequence in commit order (see
 * `sandbox_append_event` in the migrations); every process LISTENs for the NOTIFY that each append
 * sends and then reads what is new since the last event it delivered. So every process delivers
 * every event, each once and in sequence order, whichever process appended it, and a
 * notification lost to a reconnect costs nothing: the next read catches up.
 */
export class PostgresTimeline {
  readonly #pool: pg.Pool;
  readonly #connection: pg.ClientConfig;
  readonly #capacity: number;
  readonly #listeners = new Set<Listener>();
  #waiters: { seq: number; resolve: () => void }[] = [];
  #delivered = 0;
  #pumping: Promise<void> | undefined;
  #again = false;
  #listener: pg.Client | undefined;
  #appended = 0;
  /** Appends of this process waiting for their number. */
  #appending = 0;
  /** The highest number a notification named while an append was out. */
  #noticed = 0;
  #closed = false;

  private constructor(pool: pg.Pool, connection: pg.ClientConfig, capacity: number) {
    this.#pool = pool;
    this.#connection = connection;
    this.#capacity = capacity;
  }

  /** `capacity`: the most recent events kept, as the embedded store keeps (older ones go). */
  static async open(
    pool: pg.Pool,
    connection: pg.ClientConfig,
    capacity = 5000,
  ): Promise<PostgresTimeline> {
    const timeline = new PostgresTimeline(pool, connection, capacity);
    // Listen first, then read where the timeline stands: nothing appended in between is missed.
    await timeline.#listen();
    const { rows } = await pool.query<{ max: string | null }>('SELECT max(seq) AS max FROM events');
    timeline.#delivered = Number(rows[0]?.max ?? 0);
    return timeline;
  }

  /** Resolves once this process's listeners have seen the event, as the embedded store does. */
  async append(input: EventInput): Promise<SandboxEvent> {
    let seq: number;
    this.#appending++;
    try {
      const { rows } = await this.#pool.query<{ seq: string }>(
        'SELECT sandbox_append_event($1, $2, $3, $4) AS seq',
        [input.type, input.namespace ?? null, input.correlationId ?? null, JSON.stringify(input)],
      );
      seq = Number(rows[0]!.seq);
    } catch (error) {
      this.#appending--;
      if (this.#noticed > this.#delivered) void this.#pump();
      throw error;
    }
    this.#appending--;
    if (++this.#appended % Math.max(1, Math.floor(this.#capacity / 4)) === 0) void this.#trim();
    const event = { seq, ...input };
    // The next event after the last one delivered: every event before it is delivered already
    // (numbers follow commit order), so it is delivered as it is, without reading it back. Else
    // a read delivers what came in between, in order, and this one with it.
    if (seq === this.#delivered + 1) this.#deliver(event);
    else await this.#until(seq);
    // A notification put off while this append was out (see #listen) is read now.
    if (this.#noticed > this.#delivered) void this.#pump();
    return event;
  }

  async list(filter: EventFilter = {}): Promise<SandboxEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.type) add('type = ?', filter.type);
    if (filter.namespace !== undefined) add('namespace = ?', filter.namespace);
    if (filter.correlationId) add('correlation_id = ?', filter.correlationId);
    if (filter.since !== undefined) add('seq > ?', filter.since);
    const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // With a limit: the first `limit` that match, as the embedded store gives them.
    const limit =
      filter.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
    const sql = `SELECT seq, body FROM events ${condition} ORDER BY seq ${limit}`;
    const { rows } = await this.#pool.query<{ seq: string; body: EventInput }>(sql, params);
    return rows.map(toEvent);
  }

  onEvent(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async clear(namespace?: string): Promise<void> {
    if (namespace === undefined) await this.#pool.query('DELETE FROM events');
    else await this.#pool.query('DELETE FROM events WHERE namespace = $1', [namespace]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#pumping;
    await this.#listener?.end().catch(() => undefined);
    for (const waiter of this.#waiters) waiter.resolve();
    this.#waiters = [];
  }

  async #listen(): Promise<void> {
    const client = new pg.Client(this.#connection);
    // The payload is the new event's number. One this process delivered already needs no read;
    // nor does one that comes while an append of this process is out, as the notification of
    // that very append often does (it can beat the append's own answer): the append reads it
    // when it is back, unless it was its own.
    client.on('notification', (message) => {
      const seq = Number(message.payload);
      if (seq <= this.#delivered) return;
      if (this.#appending > 0 && Number.isInteger(seq))
        this.#noticed = Math.max(this.#noticed, seq);
      else void this.#pump();
    });
    // A lost connection is opened again; the catch-up read then delivers what was missed.
    client.on('error', () => {
      if (this.#listener !== client || this.#closed) return;
      this.#listener = undefined;
      void client.end().catch(() => undefined);
      void this.#relisten();
    });
    await client.connect();
    await client.query('LISTEN sandbox_events');
    this.#listener = client;
  }

  async #relisten(): Promise<void> {
    for (let delayMs = 100; !this.#closed; delayMs = Math.min(delayMs * 2, 5000)) {
      try {
        await this.#listen();
        await this.#pump();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  }

  #until(seq: number): Promise<void> {
    if (this.#delivered >= seq) return Promise.resolve();
    const reached = new Promise<void>((resolve) => this.#waiters.push({ seq, resolve }));
    void this.#pump();
    return reached;
  }

  /** Reads and delivers every event after the last one delivered; one read at a time. */
  #pump(): Promise<void> {
    if (this.#pumping) {
      this.#again = true;
      return this.#pumping;
    }
    const run = async () => {
      do {
        this.#again = false;
        const { rows } = await this.#pool.query<{ seq: string; body: EventInput }>(
          `SELECT seq, body FROM events WHERE seq > $1 ORDER BY seq LIMIT ${BATCH}`,
          [this.#delivered],
        );
        for (const row of rows) {
          // Delivered meanwhile by its own append (see append).
          if (Number(row.seq) <= this.#delivered) continue;
          this.#deliver(toEvent(row));
        }
        if (rows.length === BATCH) this.#again = true;
      } while (this.#again && !this.#closed);
    };
    const current = run()
      .catch((error: unknown) => {
        // The events are stored; they are delivered on the next notification or append.
        console.error('reading new events from PostgreSQL failed:', (error as Error).message);
        for (const waiter of this.#waiters) waiter.resolve();
        this.#waiters = [];
      })
      .finally(() => {
        this.#pumping = undefined;
        // A wake-up that came after the last read started must not be lost.
        if (this.#again && !this.#closed) void this.#pump();
      });
    this.#pumping = current;
    return current;
  }

  /** Hands one event, the one after the last delivered, to every listener. */
  #deliver(event: SandboxEvent): void {
    this.#delivered = event.seq;
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('event listener failed:', error);
      }
    }
    this.#release();
  }

  #release(): void {
    const ready = this.#waiters.filter((w) => w.seq <= this.#delivered);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.seq > this.#delivered);
    for (const waiter of ready) waiter.resolve();
  }

  async #trim(): Promise<void> {
    await this.#pool
      .query('DELETE FROM events WHERE seq <= (SELECT max(seq) FROM events) - $1', [this.#capacity])
      .catch(() => undefined);
  }
}

function toEvent(row: { seq: string; body: EventInput }): SandboxEvent {
  return { seq: Number(row.seq), ...row.body };
}
