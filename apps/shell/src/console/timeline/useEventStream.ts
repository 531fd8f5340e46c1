import { useCallback, useEffect, useRef, useState } from 'react';
import { EVENT_TYPES, type SandboxEvent } from '@mp-sandbox/protocol';
import { mergeEvents } from './buildTimeline';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** Events that arrive together (a replay, a login) are applied in one render. */
const BATCH_MS = 50;

/**
 * The platform's timeline, live, over server-sent events. The browser reconnects on its own and
 * sends `Last-Event-ID`, so the platform replays only what was missed.
 */
export function useEventStream(url: string, onBatch?: (batch: SandboxEvent[]) => void) {
  const [events, setEvents] = useState<SandboxEvent[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const latestOnBatch = useRef(onBatch);
  latestOnBatch.current = onBatch;

  useEffect(() => {
    // Another stream (another namespace) is another timeline: start from what it replays.
    setEvents([]);
    setState('connecting');
    const source = new EventSource(url);
    let pending: SandboxEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      setEvents((known) => mergeEvents(known, batch));
      latestOnBatch.current?.(batch);
    };
    // The platform names each message after its event type, so there is no catch-all `message`.
    const onEvent = (message: MessageEvent<string>) => {
      pending.push(JSON.parse(message.data) as SandboxEvent);
      timer ??= setTimeout(flush, BATCH_MS);
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [url]);

  /** Forgets what is shown; the stream goes on. */
  const clear = useCallback(() => setEvents([]), []);
  return { events, state, clear };
}
