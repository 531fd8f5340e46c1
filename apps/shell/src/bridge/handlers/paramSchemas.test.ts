import { describe, expect, it } from 'vitest';
import { BRIDGE_TAG, type BridgeCall } from '@mp-sandbox/protocol';
import { checkParams } from './paramSchemas';

function call(method: BridgeCall['method'], params: unknown): BridgeCall {
  return { tag: BRIDGE_TAG, kind: 'call', id: '1', method, params: params as never };
}

describe('checkParams', () => {
  it('passes what the platform documents, and drops fields it does not know', () => {
    expect(
      checkParams(call('alert', { title: 'Hi', content: 'Ready', buttonText: 'OK', extra: 1 })),
    ).toEqual({
      ok: true,
      params: { title: 'Hi', content: 'Ready', buttonText: 'OK' },
    });
    expect(
      checkParams(call('getAuthCode', { scopes: ['auth_user', 'USER_NICKNAME'] })),
    ).toMatchObject({ ok: true });
    // getAuthCode's scopes leave the bridge as the names the platform is asked for: checked once, here.
    expect(checkParams(call('getAuthCode', { scopes: null }))).toEqual({
      ok: true,
      params: { scopes: ['auth_base'] },
    });
    expect(checkParams(call('getAuthCode', {}))).toEqual({
      ok: true,
      params: { scopes: ['auth_base'] },
    });
    expect(checkParams(call('getAuthCode', { scopes: ['auth_user', 'auth_user'] }))).toEqual({
      ok: true,
      params: { scopes: ['auth_user'] },
    });
    expect(checkParams(call('getAuthCode', { scopes: 'USER_NAM' }))).toMatchObject({
      ok: false,
      error: {
        error: 2,
        errorMessage: expect.stringContaining(
          'scopes[0]: "USER_NAM" is not a scope (did you mean "USER_NAME"?); known: auth_base',
        ),
      },
    });
    expect(checkParams(call('hideLoading', {}))).toEqual({ ok: true, params: {} });
  });

  it('refuses a wrong type with error 2, naming the method, the field and the rule', () => {
    expect(checkParams(call('alert', { title: 42 }))).toEqual({
      ok: false,
      error: {
        error: 2,
        errorMessage: 'Invalid parameter: my.alert: title must be a string, not number 42',
      },
    });
    expect(checkParams(call('showToast', { duration: -5 }))).toMatchObject({
      ok: false,
      error: { errorMessage: expect.stringContaining('duration must be a number of at least 0') },
    });
    expect(checkParams(call('showToast', { type: 'warning' }))).toMatchObject({
      ok: false,
      error: {
        errorMessage: expect.stringContaining(
          'type must be one of "none", "success", "fail", "exception", "loading"',
        ),
      },
    });
    expect(checkParams(call('getAuthCode', { scopes: [1] }))).toMatchObject({
      ok: false,
      error: { errorMessage: expect.stringContaining('scopes[0] must be a string, not number 1') },
    });
    expect(checkParams(call('getAuthCode', { scopes: 7 }))).toMatchObject({
      ok: false,
      error: {
        errorMessage: expect.stringContaining('scopes must be a string or an array, not number 7'),
      },
    });
  });

  it("needs a request's url, takes its method in any case, and checks header values", () => {
    expect(checkParams(call('request', {}))).toMatchObject({
      ok: false,
      error: {
        errorMessage: expect.stringContaining('my.request: url must be a string, not undefined'),
      },
    });
    expect(checkParams(call('request', { url: 'https://a.example', method: 'post' }))).toEqual({
      ok: true,
      params: { url: 'https://a.example', method: 'POST' },
    });
    expect(
      checkParams(call('request', { url: 'https://a.example', method: 'FETCH' })),
    ).toMatchObject({
      ok: false,
      error: { errorMessage: expect.stringContaining('method must be one of GET, POST') },
    });
    expect(
      checkParams(call('request', { url: 'https://a.example', headers: { 'x-n': 1 } })),
    ).toMatchObject({
      ok: false,
      error: { errorMessage: expect.stringContaining('headers.x-n must be a string') },
    });
    const buffer = new ArrayBuffer(2);
    expect(
      checkParams(call('request', { url: 'https://a.example', method: 'PUT', data: buffer })),
    ).toEqual({ ok: true, params: { url: 'https://a.example', method: 'PUT', data: buffer } });
  });
});
