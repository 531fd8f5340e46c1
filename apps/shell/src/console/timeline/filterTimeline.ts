import type { MiniProgramApp } from '@mp-sandbox/protocol';
import type { TimelineGroup } from './buildTimeline';
import { describeStep } from './describeStep';

export interface TimelineFilter {
  /** Words that must all appear in a card: app name or id, persona, correlation id, event type, step text. */
  text: string;
  failuresOnly: boolean;
}

export const NO_FILTER: TimelineFilter = { text: '', failuresOnly: false };

/** Everything a card can be found by, in lower case. */
function haystack(group: TimelineGroup, apps: readonly MiniProgramApp[]): string {
  const app = apps.find((a) => a.appId === group.appId);
  const parts = [app?.name, group.appId, group.userId, group.correlationId];
  for (const step of group.steps) {
    const summary = describeStep(step.event);
    parts.push(step.event.type, summary.title, summary.detail, summary.failure?.reason);
    for (const effect of step.effects) parts.push(effect.type);
  }
  return parts.filter(Boolean).join(' \n').toLowerCase();
}

export function isFailed(group: TimelineGroup): boolean {
  return group.steps.some(
    (step) =>
      describeStep(step.event).tone === 'fail' ||
      step.effects.some((e) => describeStep(e).tone === 'fail'),
  );
}

/** The cards that match: every word of the search, and a failure when only failures are wanted. */
export function filterTimeline(
  groups: readonly TimelineGroup[],
  filter: TimelineFilter,
  apps: readonly MiniProgramApp[],
): TimelineGroup[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return groups.filter((group) => {
    if (filter.failuresOnly && !isFailed(group)) return false;
    if (words.length === 0) return true;
    const text = haystack(group, apps);
    return words.every((word) => text.includes(word));
  });
}
