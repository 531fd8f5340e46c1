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

  constructor(private readonly now: () => number, private readonly capacity = 5000) {}

  emit(type: SandboxEventType, input: Omit<EventInput, 'type'>): SandboxEvent {
    const event: SandboxEvent = { seq: ++this.#seq, type, at: formatGatewayTime(this.now()), ...input };
    this.#events.push(event);
    // Trimmed in batches, so keeping the log bounded costs nothing per event.
    if (this.#events.length > this.capacity * 1.25) this.#events.splice(0, this.#events.length - this.capacity);
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  list(filter: { type?: string; correlationId?: string; since?: number } = {}): SandboxEvent[] {
    return this.#events.filter(
      (e) =>
        (!filter.type || e.type === filter.type) &&
        (!filter.correlationId || e.correlationId === filter.correlationId) &&
        (filter.since === undefined || e.seq > filter.since),
    );
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#events = [];
  }
}
