import { formatGatewayTime, type SandboxEvent, type SandboxEventType } from '../deps.js';

export type EventInput = Omit<SandboxEvent, 'seq' | 'at'>;
type Listener = (event: SandboxEvent) => void;

/**
 * The timeline: every code issued, token exchanged, user-info call and failure, in order.
 * Kept in memory (the most recent `capacity` events) and pushed to live subscribers.
 */
export class EventLog {
  #events: SandboxEvent[] = [];
  #seq = 0;
  readonly #listeners = new Set<Listener>();

  /** `namespaceOf(userId)` tags each event with its persona's namespace, for per-worker views. */
  constructor(
    private readonly now: () => number,
    private readonly namespaceOf: (userId: string) => string | undefined = () => undefined,
    private readonly capacity = 5000,
  ) {}

  emit(type: SandboxEventType, input: Omit<EventInput, 'type' | 'namespace'>): SandboxEvent {
    const namespace = input.userId ? this.namespaceOf(input.userId) : undefined;
    const event: SandboxEvent = { seq: ++this.#seq, type, at: formatGatewayTime(this.now()), ...input, ...(namespace && { namespace }) };
    this.#events.push(event);
    // Trimmed in batches, so keeping the log bounded costs nothing per event.
    if (this.#events.length > this.capacity * 1.25) this.#events.splice(0, this.#events.length - this.capacity);
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  list(filter: { type?: string; correlationId?: string; since?: number; namespace?: string } = {}): SandboxEvent[] {
    return this.#events.filter(
      (e) =>
        (!filter.type || e.type === filter.type) &&
        (filter.namespace === undefined || e.namespace === filter.namespace) &&
        (!filter.correlationId || e.correlationId === filter.correlationId) &&
        (filter.since === undefined || e.seq > filter.since),
    );
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets every event, or a namespace's only. */
  clear(namespace?: string): void {
    this.#events = namespace === undefined ? [] : this.#events.filter((e) => e.namespace !== namespace);
  }
}
