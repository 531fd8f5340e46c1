import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_TAG } from '@mp-sandbox/protocol';
import { Bridge } from './bridge.js';
import { createHostedWindow } from './testing.js';

afterEach(() => {
  vi.useRealTimers();
});

function bridgeOf(host: ReturnType<typeof createHostedWindow>, ackTimeoutMs?: number) {
  return new Bridge({ self: host.window, launch: host.launch, ackTimeoutMs });
}

describe('the bridge', () => {
  it('posts a tagged call to the host origin only, never to "*"', () => {
    const host = createHostedWindow();
    void bridgeOf(host)
      .call('getAuthCode', { scopes: ['auth_user'] })
      .catch(() => {});
    expect(host.posted).toHaveLength(1);
    expect(host.posted[0]!.targetOrigin).toBe('http://127.0.0.1:7700');
    expect(host.posted[0]!.message).toEqual({
      tag: BRIDGE_TAG,
      kind: 'call',
      id: expect.any(String),
      method: 'getAuthCode',
      params: { scopes: ['auth_user'] },
      ackBy: expect.any(Number),
    });
  });

  it('tells the shell when it stops waiting, and cancels a call that was not acknowledged in time', () => {
    vi.useFakeTimers();
    const host = createHostedWindow();
    const failed = bridgeOf(host)
      .call('getAuthCode', { scopes: 'auth_base' })
      .catch((error: unknown) => error);
    const call = host.posted[0]!.message as { id: string; ackBy: number };
    expect(call.ackBy).toBe(Date.now() + 3000);
    vi.advanceTimersByTime(3000);
    expect(host.posted[1]).toEqual({
      message: { tag: BRIDGE_TAG, kind: 'cancel', id: call.id },
      targetOrigin: 'http://127.0.0.1:7700',
    });
    vi.useRealTimers();
    return failed;
  });

  it('matches replies to calls by id, whatever their order', async () => {
    const host = createHostedWindow();
    const bridge = bridgeOf(host);
    const first = bridge.call('getAuthCode', { scopes: 'auth_base' });
    const second = bridge.call('getAuthCode', { scopes: 'auth_user' });
    const [a, b] = host.posted.map((p) => p.message.id);
    host.hostSends({
      kind: 'reply',
      id: b!,
      ok: true,
      result: { authCode: 'B', authSuccessScopes: [], authErrorScopes: {} },
    });
    host.hostSends({
      kind: 'reply',
      id: a!,
      ok: true,
      result: { authCode: 'A', authSuccessScopes: [], authErrorScopes: {} },
    });
    expect((await first).authCode).toBe('A');
    expect((await second).authCode).toBe('B');
  });

  it('ignores replies from another origin or another window', async () => {
    vi.useFakeTimers();
    const host = createHostedWindow();
    const call = bridgeOf(host, 1000).call('getAuthCode', {});
    const id = host.posted[0]!.message.id;
    host.hostSends(
      { kind: 'reply', id, ok: true, result: { authCode: 'EVIL' } },
      { origin: 'http://evil.example' },
    );
    host.hostSends({ kind: 'reply', id, ok: true, result: { authCode: 'EVIL' } }, { source: {} });
    vi.advanceTimersByTime(1000);
    await expect(call).rejects.toMatchObject({
      error: 3,
      errorMessage: expect.stringContaining('did not answer within 1000 ms'),
    });
  });

  it('times out only on the acknowledgement, so a user may take their time on a consent sheet', async () => {
    vi.useFakeTimers();
    const host = createHostedWindow();
    const call = bridgeOf(host, 1000).call('getAuthCode', {});
    const id = host.posted[0]!.message.id;
    host.hostSends({ kind: 'ack', id });
    vi.advanceTimersByTime(60_000);
    host.hostSends({
      kind: 'reply',
      id,
      ok: true,
      result: { authCode: 'LATE', authSuccessScopes: [], authErrorScopes: {} },
    });
    await expect(call).resolves.toMatchObject({ authCode: 'LATE' });
  });

  it('fails a call whose parameters postMessage cannot copy, at once and with the reason', async () => {
    const host = createHostedWindow();
    const call = bridgeOf(host).call('alert', { title: (() => 'no') as unknown as string });
    await expect(call).rejects.toMatchObject({
      error: 2,
      errorMessage: expect.stringContaining('cannot be sent to the super app'),
    });
  });
});

describe('the production-leak guard', () => {
  it('refuses a top-level page, and listens to nothing', async () => {
    const lonely = new EventTarget() as EventTarget & Record<string, unknown>;
    Object.assign(lonely, {
      parent: lonely,
      location: { ancestorOrigins: [] },
      document: { referrer: '' },
    });
    const listen = vi.spyOn(lonely, 'addEventListener');
    const bridge = new Bridge({ self: lonely as unknown as Window });
    expect(bridge.hosted).toBe(false);
    expect(bridge.refusal).toMatch(
      /it is the top-level page; open this mini program from the sandbox wallet/,
    );
    expect(listen).not.toHaveBeenCalled();
    await expect(bridge.call('getAuthCode', {})).rejects.toMatchObject({
      error: 3,
      errorMessage: expect.stringContaining('my.getAuthCode refused'),
    });
  });

  it('refuses a parent that did not launch the page as the sandbox shell does', () => {
    const host = createHostedWindow({ launch: null });
    const bridge = new Bridge({ self: host.window });
    expect(bridge.hosted).toBe(false);
    expect(bridge.refusal).toContain(
      "framed by http://127.0.0.1:7700, which did not launch it as the sandbox's shell does (no launch parameters)",
    );
  });

  it('refuses launch parameters that name another shell than the framing page', () => {
    const host = createHostedWindow({ hostOrigin: 'https://wallet.example' });
    const bridge = new Bridge({
      self: host.window,
      launch: { ...host.launch!, shellOrigin: 'http://127.0.0.1:7700' },
    });
    expect(bridge.refusal).toContain(
      'framed by https://wallet.example, but its launch parameters name the shell http://127.0.0.1:7700',
    );
    expect(host.posted).toHaveLength(0);
  });

  it('says why when the launch parameters were there but broken', () => {
    const host = createHostedWindow({ launch: null });
    const bridge = new Bridge({ self: host.window, launchProblem: '__sandbox_launch is not JSON' });
    expect(bridge.refusal).toContain('launch parameters are broken (__sandbox_launch is not JSON)');
  });
});
