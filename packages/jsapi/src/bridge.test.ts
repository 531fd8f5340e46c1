import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_TAG } from '@mp-sandbox/protocol';
import { Bridge } from './bridge.js';
import { createMy } from './my.js';
import { createHostedWindow } from './testing.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('the bridge', () => {
  it('posts a tagged call to the host origin only, never to "*"', () => {
    const host = createHostedWindow();
    void new Bridge({ self: host.window }).call('getAuthCode', { scopes: ['auth_user'] }).catch(() => {});
    expect(host.posted).toHaveLength(1);
    expect(host.posted[0]!.targetOrigin).toBe('http://127.0.0.1:7700');
    expect(host.posted[0]!.message).toMatchObject({ tag: BRIDGE_TAG, kind: 'call', method: 'getAuthCode', params: { scopes: ['auth_user'] } });
  });

  it('matches replies to calls by id, whatever their order', async () => {
    const host = createHostedWindow();
    const bridge = new Bridge({ self: host.window });
    const first = bridge.call('getAuthCode', { scopes: 'auth_base' });
    const second = bridge.call('getAuthCode', { scopes: 'auth_user' });
    const [a, b] = host.posted.map((p) => p.message.id);
    host.hostSends({ kind: 'reply', id: b!, ok: true, result: { authCode: 'B', authSuccessScopes: [], authErrorScopes: {} } });
    host.hostSends({ kind: 'reply', id: a!, ok: true, result: { authCode: 'A', authSuccessScopes: [], authErrorScopes: {} } });
    expect((await first).authCode).toBe('A');
    expect((await second).authCode).toBe('B');
  });

  it('ignores replies from another origin or another window', async () => {
    vi.useFakeTimers();
    const host = createHostedWindow();
    const call = new Bridge({ self: host.window, ackTimeoutMs: 1000 }).call('getAuthCode', {});
    const id = host.posted[0]!.message.id;
    host.hostSends({ kind: 'reply', id, ok: true, result: { authCode: 'EVIL' } }, { origin: 'http://evil.example' });
    host.hostSends({ kind: 'reply', id, ok: true, result: { authCode: 'EVIL' } }, { source: {} });
    vi.advanceTimersByTime(1000);
    await expect(call).rejects.toMatchObject({ error: 3, errorMessage: expect.stringContaining('did not answer within 1000 ms') });
  });

  it('times out only on the acknowledgement, so a user may take their time on a consent sheet', async () => {
    vi.useFakeTimers();
    const host = createHostedWindow();
    const call = new Bridge({ self: host.window, ackTimeoutMs: 1000 }).call('getAuthCode', {});
    const id = host.posted[0]!.message.id;
    host.hostSends({ kind: 'ack', id });
    vi.advanceTimersByTime(60_000);
    host.hostSends({ kind: 'reply', id, ok: true, result: { authCode: 'LATE', authSuccessScopes: [], authErrorScopes: {} } });
    await expect(call).resolves.toMatchObject({ authCode: 'LATE' });
  });

  it('refuses to run outside a host', async () => {
    const lonely = new EventTarget() as EventTarget & { parent: unknown; location: unknown; document: unknown };
    lonely.parent = lonely;
    lonely.location = { ancestorOrigins: [] };
    lonely.document = { referrer: '' };
    const bridge = new Bridge({ self: lonely as unknown as Window });
    expect(bridge.hosted).toBe(false);
    await expect(bridge.call('getAuthCode', {})).rejects.toMatchObject({ errorMessage: expect.stringContaining('super-app shell') });
  });
});

describe('my.getAuthCode', () => {
  it('calls success then complete, and resolves its Promise with the same result', async () => {
    const host = createHostedWindow();
    const my = createMy(new Bridge({ self: host.window }));
    const order: string[] = [];
    const promise = my.getAuthCode({ scopes: ['auth_user'], success: () => order.push('success'), complete: () => order.push('complete') });
    const result = { authCode: 'X', authSuccessScopes: ['auth_user'], authErrorScopes: {} };
    host.hostSends({ kind: 'reply', id: host.posted[0]!.message.id, ok: true, result });
    await expect(promise).resolves.toEqual(result);
    expect(order).toEqual(['success', 'complete']);
  });

  it('calls fail and failed (the seeds\' spelling) with the JSAPI error, and rejects its Promise', async () => {
    const host = createHostedWindow();
    const my = createMy(new Bridge({ self: host.window }));
    const fail = vi.fn();
    const failed = vi.fn();
    const promise = my.getAuthCode({ scopes: 'auth_user', fail, failed });
    const error = { error: 11, errorMessage: 'User cancelled the authorization', authErrorScopes: { auth_user: '10001' } };
    host.hostSends({ kind: 'reply', id: host.posted[0]!.message.id, ok: false, error });
    await expect(promise).rejects.toEqual(error);
    expect(fail).toHaveBeenCalledWith(error);
    expect(failed).toHaveBeenCalledWith(error);
  });

  it('sends null scopes when none are given, so the host applies the auth_base default', async () => {
    const host = createHostedWindow();
    void createMy(new Bridge({ self: host.window })).getAuthCode({ fail: () => {} });
    await flush();
    expect(host.posted[0]!.message.params).toEqual({ scopes: null });
  });
});
