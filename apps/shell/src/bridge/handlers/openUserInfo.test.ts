import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MiniProgramApp, Persona } from '@mp-sandbox/protocol';
import { getOpenUserInfo } from './openUserInfo';

const app = { appId: 'LAB0001', name: 'JSAPI Lab' } as MiniProgramApp;
const ana = {
  id: 'ana',
  nickName: 'Ana',
  avatar: 'https://img.example/ana.png',
  gender: 'FEMALE',
  nationality: 'MX',
} as Persona;

function platformAnswers(status: number, body: unknown) {
  const fetch = vi.fn(
    async (_url: string) =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

function grants(...list: Array<{ appId: string; scopes: string[] }>) {
  return {
    grants: list.map((g) => ({
      userId: 'ana',
      grantedAt: '2030-01-01T00:00:00+00:00',
      updatedAt: '2030-01-01T00:00:00+00:00',
      ...g,
    })),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('my.getOpenUserInfo in the shell', () => {
  it('asks the platform what this persona granted, and gives every basic-profile field of auth_user', async () => {
    const fetch = platformAnswers(
      200,
      grants({ appId: 'LAB0001', scopes: ['auth_base', 'auth_user'] }),
    );
    const result = await getOpenUserInfo(app, ana);
    expect(fetch).toHaveBeenCalledWith('/platform/wallet/v1/grants?userId=ana', expect.anything());
    const inner = {
      code: '10000',
      msg: 'Success',
      nickName: 'Ana',
      avatar: 'https://img.example/ana.png',
      gender: 'f',
      countryCode: 'MX',
    };
    expect(JSON.parse(result.response)).toEqual({ response: inner });
    expect(result).toMatchObject({ ...inner, subCode: '', subMsg: '' });
  });

  it("gives only the fields the granted USER_* scopes unlock, and reads only this app's grant", async () => {
    platformAnswers(
      200,
      grants(
        { appId: 'OTHER', scopes: ['auth_user'] },
        { appId: 'LAB0001', scopes: ['USER_NICKNAME'] },
      ),
    );
    const result = await getOpenUserInfo(app, ana);
    expect(JSON.parse(result.response).response).toEqual({
      code: '10000',
      msg: 'Success',
      nickName: 'Ana',
    });
    expect(result).toMatchObject({ nickName: 'Ana', avatar: '' });
    expect(result.gender).toBeUndefined();
  });

  it("answers the platform's 40006 in success when nothing of the profile was granted", async () => {
    platformAnswers(200, grants({ appId: 'LAB0001', scopes: ['auth_base'] }));
    const result = await getOpenUserInfo(app, ana);
    expect(result).toMatchObject({
      code: '40006',
      msg: 'Insufficient Permissions',
      subCode: 'isv.insufficient-isv-permissions',
      nickName: '',
      avatar: '',
    });
    expect(result.subMsg).toContain("call my.getAuthCode({ scopes: 'auth_user' }) first");
  });

  it('fails with a clear JSAPI error when the platform does not serve the grants', async () => {
    platformAnswers(404, '<!DOCTYPE html><pre>Cannot GET /wallet/v1/grants</pre>');
    await expect(getOpenUserInfo(app, ana)).rejects.toEqual({
      error: 1,
      errorMessage: expect.stringContaining(
        'needs the platform to say what the user granted (GET /wallet/v1/grants), and this platform does not serve it (HTTP 404)',
      ),
    });
  });

  it("fails with a system error, and the platform's words, on any other failure", async () => {
    platformAnswers(404, {
      error: 'UNKNOWN_PERSONA',
      message: 'no persona "ana"; pass ?userId=<persona id>',
    });
    await expect(getOpenUserInfo(app, ana)).rejects.toEqual({
      error: 1005,
      errorMessage: expect.stringContaining('no persona "ana"'),
    });
  });
});
