import { describe, expect, it } from 'vitest';
import type { SandboxEvent, SandboxEventType } from '@mp-sandbox/protocol';
import { buildTimeline, mergeEvents } from './buildTimeline';

let seq = 0;
function event(
  type: SandboxEventType,
  correlationId?: string,
  data: Record<string, unknown> = {},
): SandboxEvent {
  seq += 1;
  return {
    seq,
    type,
    at: `2026-01-01T00:00:${String(seq).padStart(2, '0')}+00:00`,
    appId: 'app',
    userId: 'ana',
    data,
    ...(correlationId && { correlationId }),
  };
}

describe('buildTimeline', () => {
  it('groups a login under its correlation id, getAuthCode first, with each call holding what it caused', () => {
    seq = 0;
    const consent = event('consent.allowed', 'c1');
    const code = event('auth_code.issued', 'c1');
    const ask = event('bridge.call', 'c1', { method: 'getAuthCode' });
    const tokens = event('token.issued', 'c1');
    const apply = event('openapi.call', 'c1', { api: 'applyToken' });
    const read = event('user_info.read', 'c1');
    const info = event('openapi.call', 'c1', { api: 'inquiryUserInfo' });
    const toast = event('bridge.call', undefined, { method: 'showToast' });

    const [newest, login] = buildTimeline([info, toast, apply, read, consent, code, ask, tokens]);
    expect(newest!.steps.map((s) => s.event)).toEqual([toast]);
    expect(login).toMatchObject({ correlationId: 'c1', appId: 'app', userId: 'ana' });
    expect(login!.steps.map((s) => s.event)).toEqual([ask, consent, code, apply, info]);
    expect(login!.steps[3]!.effects).toEqual([tokens]);
    expect(login!.steps[4]!.effects).toEqual([read]);
  });

  it('folds openapi.failed into its call even outside any login, and puts a first-screen warning after the ask', () => {
    seq = 0;
    const failed = event('openapi.failed');
    const call = event('openapi.call', undefined, { api: 'applyToken' });
    const consent = event('consent.allowed', 'c2');
    const ask = event('bridge.call', 'c2', { method: 'getAuthCode' });
    const apply = event('openapi.call', 'c2');
    const warning = event('rule.warning', 'c2', { rule: 'first-screen' });

    const [login, lone] = buildTimeline([failed, call, consent, ask, apply, warning]);
    expect(lone!.steps).toEqual([{ event: call, effects: [failed] }]);
    expect(login!.steps.map((s) => s.event)).toEqual([ask, warning, consent, apply]);
  });

  it('leaves a token revoked by the user in the wallet as its own step', () => {
    seq = 0;
    const revoked = event('token.revoked', 'c3', { by: 'user' });
    const [group] = buildTimeline([revoked]);
    expect(group!.steps).toEqual([{ event: revoked, effects: [] }]);
  });
});

describe('mergeEvents', () => {
  it('adds new events in order and skips repeats', () => {
    seq = 0;
    const [a, b, c] = [event('consent.allowed'), event('auth_code.issued'), event('token.issued')];
    expect(mergeEvents([a!, c!], [b!, c!])).toEqual([a, b, c]);
  });

  it('starts over when the platform restarted and numbers its events from 1 again', () => {
    seq = 0;
    const old = [event('consent.allowed'), event('auth_code.issued')];
    const fresh = { ...old[0]!, type: 'openapi.call' as const };
    expect(mergeEvents(old, [fresh])).toEqual([fresh]);
  });
});
