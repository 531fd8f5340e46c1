import { describe, expect, it, vi } from 'vitest';
import { createHostedWindow, flush } from './testing.js';

describe('my.getAuthCode', () => {
  it('calls success then complete, and resolves its Promise with the same result', async () => {
    const host = createHostedWindow();
    const order: string[] = [];
    const promise = host.my().getAuthCode({
      scopes: ['auth_user'],
      success: () => order.push('success'),
      complete: () => order.push('complete'),
    });
    const result = { authCode: 'X', authSuccessScopes: ['auth_user'], authErrorScopes: {} };
    host.answer('getAuthCode', result);
    await expect(promise).resolves.toEqual(result);
    expect(order).toEqual(['success', 'complete']);
  });

  it("calls fail and failed (the seeds' spelling) with the JSAPI error, and rejects its Promise", async () => {
    const host = createHostedWindow();
    const fail = vi.fn();
    const failed = vi.fn();
    const promise = host.my().getAuthCode({ scopes: 'auth_user', fail, failed });
    const error = {
      error: 11,
      errorMessage: 'User cancelled the authorization',
      authErrorScopes: { auth_user: '10001' },
    };
    host.refuse('getAuthCode', error);
    await expect(promise).rejects.toEqual(error);
    expect(fail).toHaveBeenCalledWith(error);
    expect(failed).toHaveBeenCalledWith(error);
  });

  it('sends null scopes when none are given, so the host applies the auth_base default', async () => {
    const host = createHostedWindow();
    void host.my().getAuthCode({ fail: () => {} });
    await flush();
    expect(host.lastCall('getAuthCode').params).toEqual({ scopes: null });
  });
});

describe('my.getOpenUserInfo', () => {
  it('asks the shell with no parameters (protocols stay behind) and hands over its answer', async () => {
    const host = createHostedWindow();
    const success = vi.fn();
    const promise = host.my().getOpenUserInfo({ protocols: { plugin: 'x' }, success });
    expect(host.lastCall('getOpenUserInfo').params).toEqual({});
    const inner = { code: '10000', msg: 'Success', nickName: 'Ana' };
    const result = {
      response: JSON.stringify({ response: inner }),
      code: '10000',
      msg: 'Success',
      subCode: '',
      subMsg: '',
      nickName: 'Ana',
      avatar: '',
    };
    host.answer('getOpenUserInfo', result);
    await expect(promise).resolves.toEqual(result);
    expect(JSON.parse(success.mock.calls[0]![0].response).response).toEqual(inner);
  });

  it("fails with the shell's error when the platform cannot say what was granted", async () => {
    const host = createHostedWindow();
    const fail = vi.fn();
    const promise = host.my().getOpenUserInfo({ fail });
    const error = {
      error: 1,
      errorMessage: 'JSAPI not supported: the platform does not serve GET /wallet/v1/grants',
    };
    host.refuse('getOpenUserInfo', error);
    await expect(promise).rejects.toEqual(error);
    expect(fail).toHaveBeenCalledWith(error);
  });
});
