import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenApiClient,
  PlatformApiError,
  type OpenApiClient,
} from '@mp-sandbox/openapi-client';
import {
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testKeys,
  type TestPlatform,
} from '../testing/testPlatform.js';

/**
 * Every applyToken, user-info and revoke failure of the gateway, in v1 and in v2, each with the
 * name that version gives it. One platform for the file; the clock is put back after each case.
 */
const EXTEND = '{"customerBelongsTo":"SANDBOX"}';
const MINUTE = 60_000;
let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t.close();
});

type Version = 'v1' | 'v2';

function api(version: Version, client: OpenApiClient = t.client) {
  return {
    exchange: (authCode: string, appId = TEST_APP_ID) =>
      version === 'v2'
        ? client.applyToken({
            appId,
            authClientId: TEST_CLIENT_ID,
            grantType: 'AUTHORIZATION_CODE',
            authCode,
          })
        : client.applyTokenV1({
            referenceClientId: appId,
            grantType: 'AUTHORIZATION_CODE',
            authCode,
            extendInfo: EXTEND,
          }),
    refresh: (refreshToken: string) =>
      version === 'v2'
        ? client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken })
        : client.applyTokenV1({ grantType: 'REFRESH_TOKEN', refreshToken, extendInfo: EXTEND }),
    inquire: (accessToken: string, authClientId = TEST_CLIENT_ID) =>
      version === 'v2'
        ? client.inquiryUserInfo({ appId: TEST_APP_ID, authClientId, accessToken })
        : client.inquiryUserInfoV1({ authClientId, accessToken }),
    revoke: (accessToken: string) =>
      version === 'v2'
        ? client.revoke({ appId: TEST_APP_ID, authClientId: TEST_CLIENT_ID, accessToken })
        : client.cancelTokenV1({ accessToken }),
  };
}

async function failsWith(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PlatformApiError))
    throw new Error(`expected a gateway failure, got ${String(error)}`);
  expect(error.resultStatus).toBe('F');
  return error.resultCode;
}

async function pair(version: Version) {
  return api(version).exchange(await t.issueCode('ana', ['auth_user']));
}

describe.each(['v1', 'v2'] as const)('%s failures', (version) => {
  const names =
    version === 'v1'
      ? {
          invalid: 'INVALID_CODE',
          used: 'USED_CODE',
          expired: 'EXPIRED_CODE',
          otherApp: 'REFERENCE_CLIENT_ID_NOT_MATCH',
        }
      : {
          invalid: 'INVALID_AUTHCODE',
          used: 'USED_AUTHCODE',
          expired: 'EXPIRED_AUTHCODE',
          otherApp: 'INVALID_AUTHCODE',
        };

  it(`answers ${names.invalid}, ${names.used}, ${names.expired} and ${names.otherApp} for bad authCodes`, async () => {
    const v = api(version);
    expect(await failsWith(v.exchange('2810NEVERISSUED'))).toBe(names.invalid);
    const code = await t.issueCode('ana', ['auth_user']);
    await v.exchange(code);
    expect(await failsWith(v.exchange(code))).toBe(names.used);
    expect(
      await failsWith(v.exchange(await t.issueCode('ana', ['auth_user']), '2024OTHERAPP0002')),
    ).toBe(names.otherApp);
    const stale = await t.issueCode('ana', ['auth_user']);
    await t.platform.clock.advance(6 * MINUTE);
    expect(await failsWith(v.exchange(stale))).toBe(names.expired);
    await t.platform.clock.reset();
  });

  it('answers INVALID_REFRESH_TOKEN, USED_REFRESH_TOKEN and EXPIRED_REFRESH_TOKEN for bad refresh tokens', async () => {
    const v = api(version);
    expect(await failsWith(v.refresh('2810RTNEVERISSUED'))).toBe('INVALID_REFRESH_TOKEN');
    const first = await pair(version);
    await v.refresh(first.refreshToken!);
    expect(await failsWith(v.refresh(first.refreshToken!))).toBe('USED_REFRESH_TOKEN');
    const old = await pair(version);
    await t.platform.clock.advance(31 * 24 * 60 * MINUTE);
    expect(await failsWith(v.refresh(old.refreshToken!))).toBe('EXPIRED_REFRESH_TOKEN');
    await t.platform.clock.reset();
  });

  it('answers INVALID_ACCESS_TOKEN, EXPIRED_ACCESS_TOKEN and INVALID_AUTH_CLIENT on user info and revoke', async () => {
    const v = api(version);
    expect(await failsWith(v.inquire('2810ATNEVERISSUED'))).toBe('INVALID_ACCESS_TOKEN');
    expect(await failsWith(v.revoke('2810ATNEVERISSUED'))).toBe('INVALID_ACCESS_TOKEN');
    const tokens = await pair(version);
    expect(await failsWith(v.inquire(tokens.accessToken!, '2024OTHERMERCHANT0002'))).toBe(
      'INVALID_AUTH_CLIENT',
    );
    await t.platform.clock.advance(61 * MINUTE);
    expect(await failsWith(v.inquire(tokens.accessToken!))).toBe('EXPIRED_ACCESS_TOKEN');
    await t.platform.clock.reset();
  });

  it('answers INVALID_AUTH_CLIENT for an unknown Client-Id and AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE for a grant the client may not use', async () => {
    const stranger = createOpenApiClient({
      gatewayUrl: t.url,
      clientId: 'NOBODY01',
      privateKey: testKeys().stranger.privateKey,
    });
    expect(await failsWith(api(version, stranger).exchange('2810ANY'))).toBe('INVALID_AUTH_CLIENT');
    await fetch(`${t.url}/sandbox/v1/clients/${TEST_CLIENT_ID}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grantTypes: ['AUTHORIZATION_CODE'] }),
    });
    const tokens = await pair(version);
    expect(await failsWith(api(version).refresh(tokens.refreshToken!))).toBe(
      'AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE',
    );
    await fetch(`${t.url}/sandbox/v1/clients/${TEST_CLIENT_ID}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'] }),
    });
  });

  it('answers UNKNOWN_EXCEPTION with status U, and no stack trace, when the sandbox itself fails', async () => {
    const exchange = t.platform.authorizations.exchangeCode.bind(t.platform.authorizations);
    t.platform.authorizations.exchangeCode = () => {
      throw new TypeError('boom at secret/internal/path.ts:42');
    };
    try {
      const error = (await api(version)
        .exchange(await t.issueCode('ana', ['auth_user']))
        .catch((e: unknown) => e)) as PlatformApiError;
      expect(error).toBeInstanceOf(PlatformApiError);
      expect(error.resultCode).toBe('UNKNOWN_EXCEPTION');
      expect(error.resultStatus).toBe('U');
      expect(error.resultMessage).not.toContain('boom');
      expect(error.resultMessage).not.toContain('.ts');
    } finally {
      t.platform.authorizations.exchangeCode = exchange;
    }
  });
});
