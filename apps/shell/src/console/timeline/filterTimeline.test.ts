import { describe, expect, it } from 'vitest';
import type { MiniProgramApp, SandboxEvent } from '@mp-sandbox/protocol';
import { buildTimeline } from './buildTimeline';
import { filterTimeline, NO_FILTER } from './filterTimeline';

const apps = [
  { appId: 'A1', name: 'Harbor Coffee' },
  { appId: 'A2', name: 'Scope Tester' },
] as MiniProgramApp[];
let seq = 0;
const at = '2026-01-01T00:00:00+00:00';
function event(
  type: SandboxEvent['type'],
  appId: string,
  userId: string,
  correlationId: string,
  data: Record<string, unknown> = {},
): SandboxEvent {
  seq += 1;
  return { seq, type, at, appId, userId, correlationId, data };
}

describe('filterTimeline', () => {
  const groups = buildTimeline([
    event('consent.allowed', 'A1', 'ana', 'c1', { scopes: ['auth_user'] }),
    event('openapi.call', 'A1', 'ana', 'c1', {
      api: 'applyToken',
      resultCode: 'UNKNOWN_EXCEPTION',
      resultStatus: 'U',
      message: 'boom',
    }),
    event('consent.allowed', 'A2', 'chen', 'c2', { scopes: ['USER_NICKNAME'] }),
    event('auth_code.issued', 'A2', 'chen', 'c2', { scopes: ['USER_NICKNAME'], expiresAt: at }),
  ]);

  it('keeps every card with no filter', () => {
    expect(filterTimeline(groups, NO_FILTER, apps)).toHaveLength(2);
  });

  it('finds cards by app name, persona, event type and step text, every word', () => {
    expect(
      filterTimeline(groups, { ...NO_FILTER, text: 'harbor' }, apps).map((g) => g.correlationId),
    ).toEqual(['c1']);
    expect(
      filterTimeline(groups, { ...NO_FILTER, text: 'chen' }, apps).map((g) => g.correlationId),
    ).toEqual(['c2']);
    expect(
      filterTimeline(groups, { ...NO_FILTER, text: 'auth_code.issued' }, apps).map(
        (g) => g.correlationId,
      ),
    ).toEqual(['c2']);
    expect(
      filterTimeline(groups, { ...NO_FILTER, text: 'ana UNKNOWN_EXCEPTION' }, apps).map(
        (g) => g.correlationId,
      ),
    ).toEqual(['c1']);
    expect(filterTimeline(groups, { ...NO_FILTER, text: 'ana chen' }, apps)).toHaveLength(0);
  });

  it('shows only failed logins when asked', () => {
    expect(
      filterTimeline(groups, { text: '', failuresOnly: true }, apps).map((g) => g.correlationId),
    ).toEqual(['c1']);
  });
});
