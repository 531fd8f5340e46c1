import type { SandboxEvent, SandboxEventType } from '../deps.js';
import { gatewayTimeNow } from './gatewayTime.js';
import type { PlatformData } from './model.js';
import type { EventFilter, Store } from './store.js';

export type EventInput = Omit<SandboxEvent, 'seq' | 'at'>;
type Listener = (event: SandboxEvent) => void;

/**
 * The timeline: every code issued, token exchanged, user-info call and failure, in order. The
 * store keeps it (the embedded one in memory, the most recent events) and pushes each event to the
 * live subscribers of every process; this module stamps each event with its time and namespace.
 */
export class EventLog {
  /** `namespaceOf(userId)` tags each event with its persona's namespace, for per-worker views. */
  constructor(
    private readonly store: Store<PlatformData>,
    private readonly now: () => Promise<number>,
    private readonly namespaceOf: (userId: string) => Promise<string | undefined> = async () =>
      undefined,
  ) {}

  /** Appends an event; await it where the order of two events matters (one call's events are in order). */
  async emit(
    type: SandboxEventType,
    input: Omit<EventInput, 'type' | 'namespace'>,
  ): Promise<SandboxEvent> {
    // Read together: on a database, one round trip for both.
    const [namespace, now] = await Promise.all([
      input.userId ? this.namespaceOf(input.userId) : undefined,
      this.now(),
    ]);
    const at = gatewayTimeNow(now);
    return this.store.appendEvent({ type, at, ...input, ...(namespace && { namespace }) });
  }

  list(filter: EventFilter = {}): Promise<SandboxEvent[]> {
    return this.store.events(filter);
  }

  subscribe(listener: Listener): () => void {
    return this.store.onEvent(listener);
  }

  /** Forgets every event, or a namespace's only. */
  clear(namespace?: string): Promise<void> {
    return this.store.clearEvents(namespace);
  }
}
