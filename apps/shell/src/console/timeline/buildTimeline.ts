import type { SandboxEvent } from '@mp-sandbox/protocol';

/**
 * Platform events that a gateway call causes just before it answers (the platform emits them, then
 * `openapi.call`, in one go). The call's row shows them, so a login reads as one row per call.
 */
const CAUSED_BY_CALL = new Set<string>([
  'token.issued',
  'token.refreshed',
  'token.revoked',
  'user_info.read',
  'openapi.failed',
]);

export interface TimelineStep {
  event: SandboxEvent;
  /** The platform events this gateway call caused, oldest first. */
  effects: SandboxEvent[];
}

/** One login (the events sharing a correlation id), or one event that belongs to no login. */
export interface TimelineGroup {
  key: string;
  correlationId?: string;
  appId?: string;
  userId?: string;
  steps: TimelineStep[];
  firstSeq: number;
}

/**
 * Adds events from the stream to those known, in `seq` order, without repeats. A known `seq` that
 * comes back as another event means the platform restarted and numbers from 1 again: what was
 * known belongs to the old run and is dropped.
 */
export function mergeEvents(
  known: readonly SandboxEvent[],
  incoming: readonly SandboxEvent[],
): SandboxEvent[] {
  const bySeq = new Map(known.map((event) => [event.seq, event]));
  for (const event of incoming) {
    const same = bySeq.get(event.seq);
    if (same && same.type === event.type && same.at === event.at) continue;
    if (same) bySeq.clear();
    bySeq.set(event.seq, event);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function isAskCall(event: SandboxEvent): boolean {
  return event.type === 'bridge.call' && event.data['method'] === 'getAuthCode';
}

function isFirstScreenWarning(event: SandboxEvent): boolean {
  return event.type === 'rule.warning' && event.data['rule'] === 'first-screen';
}

/**
 * Where a step goes in its login. The shell reports getAuthCode once it is answered, but the call
 * began before the consent and the code it caused, so it leads, with its first-screen warning.
 */
function rank(event: SandboxEvent): number {
  if (isAskCall(event)) return 0;
  if (isFirstScreenWarning(event)) return 1;
  return 2;
}

/** Folds each call's effects into it, then groups the steps by login, newest login first. */
export function buildTimeline(events: readonly SandboxEvent[]): TimelineGroup[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const bySeq = new Map(sorted.map((event) => [event.seq, event]));
  const folded = new Set<number>();
  const effectsOf = new Map<number, SandboxEvent[]>();
  for (const call of sorted) {
    if (call.type !== 'openapi.call') continue;
    const effects: SandboxEvent[] = [];
    for (let seq = call.seq - 1; ; seq -= 1) {
      const before = bySeq.get(seq);
      if (
        !before ||
        folded.has(seq) ||
        !CAUSED_BY_CALL.has(before.type) ||
        before.correlationId !== call.correlationId
      )
        break;
      effects.unshift(before);
      folded.add(seq);
    }
    effectsOf.set(call.seq, effects);
  }

  const groups = new Map<string, TimelineGroup>();
  for (const event of sorted) {
    if (folded.has(event.seq)) continue;
    const key = event.correlationId ?? `event-${event.seq}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        ...(event.correlationId && { correlationId: event.correlationId }),
        steps: [],
        firstSeq: event.seq,
      };
      groups.set(key, group);
    }
    group.appId ??= event.appId;
    group.userId ??= event.userId;
    group.steps.push({ event, effects: effectsOf.get(event.seq) ?? [] });
  }
  for (const group of groups.values()) {
    group.steps.sort((a, b) => rank(a.event) - rank(b.event) || a.event.seq - b.event.seq);
  }
  return [...groups.values()].sort((a, b) => b.firstSeq - a.firstSeq);
}
