import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformApiError } from '@mp-sandbox/openapi-client';
import {
  SHELL_PROXY_SECRET_HEADER,
  WALLET_PATHS,
  WALLET_SESSION_HEADER,
  type GrantsResponse,
  type PrepareResponse,
} from '../deps.js';
import {
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  type TestPlatform,
} from '../testing/testPlatform.js';

let t: TestPlatform;
beforeEach(async () => {
  t = await startTestPlatform();
});
afterEach(async () => {
  await t.close();
});

const prepare = async (scopes: string[], userId = 'ana') =>
  (await t.wallet(userId)).call<PrepareResponse>('POST', WALLET_PATHS.prepare, {
    appId: TEST_APP_ID,
    scopes,
  });
const authorize = async (scopes: string[], decision: 'allow' | 'deny', userId = 'ana') =>
  (await t.wallet(userId)).consent(scopes, decision) as Promise<{
    status: number;
    body: { authCode?: string; error?: string };
  }>;
const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  (await t.wallet('ana')).call<T>(method, path, body);

describe('the wallet backend', () => {
  it('asks for consent scopes only, and not again once granted; denying remembers nothing', async () => {
    expect((await prepare(['auth_base'])).body.ask).toEqual([]);
    expect((await prepare(['auth_base', 'USER_NICKNAME', 'USER_AVATAR'])).body.ask).toEqual([
      'USER_NICKNAME',
      'USER_AVATAR',
    ]);
    await authorize(['USER_NICKNAME'], 'deny');
    expect((await prepare(['USER_NICKNAME'])).body.ask).toEqual(['USER_NICKNAME']);
    await authorize(['auth_base', 'USER_NICKNAME'], 'allow');
    expect((await prepare(['USER_NICKNAME', 'USER_AVATAR'])).body.ask).toEqual(['USER_AVATAR']);
    // Grants are per persona.
    expect((await prepare(['USER_NICKNAME'], 'bruno')).body.ask).toEqual(['USER_NICKNAME']);
  });

  it('refuses basic info and the phone number in one sheet, saying why, and issues no code', async () => {
    const refused = await prepare(['auth_user', 'PLAINTEXT_MOBILE_PHONE']);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('CONSENT_CONFLICT');
    expect(refused.body.message).toContain('call my.getAuthCode twice');
    expect((await prepare(['USER_NAME', 'User_Customer_Info'])).status).toBe(400);
    expect((await t.platform.store.list('authCodes')).map((row) => row.code)).toEqual([]);
    // One after the other is fine.
    expect((await authorize(['auth_user'], 'allow')).status).toBe(200);
    expect((await authorize(['PLAINTEXT_MOBILE_PHONE'], 'allow')).status).toBe(200);
  });

  it('grants User_Customer_KYC_Info without a sheet to an app the administrator approved', async () => {
    expect((await prepare(['User_Base_Info', 'User_Customer_KYC_Info'])).body.ask).toEqual([
      'User_Customer_KYC_Info',
    ]);
    await fetch(`${t.url}/sandbox/v1/apps/${TEST_APP_ID}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ silentKyc: true }),
    });
    expect((await prepare(['User_Base_Info', 'User_Customer_KYC_Info'])).body.ask).toEqual([]);
  });

  it("lists what a persona granted, and revoking it there kills the merchant's tokens", async () => {
    const { body } = await authorize(['auth_user'], 'allow');
    const pair = await t.client.applyToken({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode: body.authCode!,
    });
    const listed = await call<GrantsResponse>('GET', `${WALLET_PATHS.grants}?userId=ana`);
    expect(listed.body.grants).toEqual([
      expect.objectContaining({ appId: TEST_APP_ID, userId: 'ana', scopes: ['auth_user'] }),
    ]);

    const revoked = await call<GrantsResponse>(
      'DELETE',
      `${WALLET_PATHS.grants}/${TEST_APP_ID}?userId=ana`,
    );
    expect(revoked.body.grants).toEqual([]);
    const error = await t.client
      .inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken!,
      })
      .catch((e: unknown) => e);
    expect((error as PlatformApiError).resultCode).toBe('INVALID_ACCESS_TOKEN');
    const refresh = await t.client
      .applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: pair.refreshToken! })
      .catch((e: unknown) => e);
    expect((refresh as PlatformApiError).resultCode).toBe('INVALID_REFRESH_TOKEN');
    // The sheet comes back.
    expect((await prepare(['auth_user'])).body.ask).toEqual(['auth_user']);
    expect((await call('DELETE', `${WALLET_PATHS.grants}/${TEST_APP_ID}?userId=ana`)).status).toBe(
      404,
    );
  });
});

describe('the wallet API answers the wallet shell only, for the persona holding the wallet', () => {
  it('records a decision once, only against a consent request prepare made for the holder', async () => {
    const ana = await t.wallet('ana');
    const prepared = await ana.call<PrepareResponse>('POST', WALLET_PATHS.prepare, {
      appId: TEST_APP_ID,
      scopes: ['auth_user'],
    });
    expect(prepared.body).toMatchObject({
      ask: ['auth_user'],
      consentId: expect.stringMatching(/^cr_/),
    });
    const { consentId } = prepared.body;

    // Another persona's session cannot use ana's request, and does not use it up.
    const chen = await t.wallet('chen');
    const stolen = await chen.call('POST', WALLET_PATHS.authorize, {
      consentId,
      decision: 'allow',
    });
    expect(stolen).toMatchObject({ status: 403, body: { error: 'NOT_THE_HOLDER' } });

    const ana2 = await t.wallet('ana');
    const prepared2 = await ana2.call<PrepareResponse>('POST', WALLET_PATHS.prepare, {
      appId: TEST_APP_ID,
      scopes: ['auth_user'],
    });
    const first = await ana2.call<{ authCode?: string }>('POST', WALLET_PATHS.authorize, {
      consentId: prepared2.body.consentId,
      decision: 'allow',
    });
    expect(first.status).toBe(200);
    expect(first.body.authCode).toEqual(expect.any(String));
    const replay = await ana2.call('POST', WALLET_PATHS.authorize, {
      consentId: prepared2.body.consentId,
      decision: 'allow',
    });
    expect(replay).toMatchObject({
      status: 409,
      body: { error: 'UNKNOWN_CONSENT_REQUEST', message: expect.stringContaining('prepare again') },
    });
    const made = await ana2.call('POST', WALLET_PATHS.authorize, {
      consentId: 'cr_madeup',
      decision: 'allow',
    });
    expect(made.status).toBe(409);
    // The old fields do not pick a persona any more: a userId that is not the holder is refused.
    const other = await ana.call('POST', WALLET_PATHS.prepare, {
      appId: TEST_APP_ID,
      userId: 'chen',
      scopes: ['auth_user'],
    });
    expect(other).toMatchObject({ status: 403, body: { error: 'NOT_THE_HOLDER' } });
    expect((await t.platform.store.list('authCodes')).map((row) => row.code)).toHaveLength(1);
  });

  it('decides a consent request prepared before the platform restarted (it is kept in the store)', async () => {
    const before = await t.wallet('ana');
    const prepared = await before.call<PrepareResponse>('POST', WALLET_PATHS.prepare, {
      appId: TEST_APP_ID,
      scopes: ['auth_user'],
    });
    t = await t.restart();
    const after = await t.wallet('ana');
    const decided = await after.call<{ authCode?: string }>('POST', WALLET_PATHS.authorize, {
      consentId: prepared.body.consentId,
      decision: 'allow',
    });
    expect(decided.status).toBe(200);
    expect(decided.body.authCode).toEqual(expect.any(String));
    const replay = await after.call('POST', WALLET_PATHS.authorize, {
      consentId: prepared.body.consentId,
      decision: 'allow',
    });
    expect(replay).toMatchObject({ status: 409, body: { error: 'UNKNOWN_CONSENT_REQUEST' } });
  });

  it("refuses a call that did not come through the shell's proxy, or has no valid session", async () => {
    const direct = await fetch(`${t.url}${WALLET_PATHS.prepare}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ appId: TEST_APP_ID, userId: 'chen', scopes: ['auth_user'] }),
    });
    expect(direct.status).toBe(403);
    expect(await direct.json()).toMatchObject({
      error: 'WALLET_SHELL_ONLY',
      message: expect.stringContaining('consent-policies'),
    });
    const proxied = {
      'Content-Type': 'application/json',
      [SHELL_PROXY_SECRET_HEADER]: t.shellSecret,
    };
    const noSession = await fetch(`${t.url}${WALLET_PATHS.prepare}`, {
      method: 'POST',
      headers: proxied,
      body: JSON.stringify({ appId: TEST_APP_ID, scopes: ['auth_user'] }),
    });
    expect(noSession.status).toBe(401);
    expect(await noSession.json()).toMatchObject({
      error: 'NO_WALLET_SESSION',
      message: expect.stringContaining(WALLET_PATHS.session),
    });
    const ana = await t.wallet('ana');
    const forged = ana.session.replace(/^[^.]+/, Buffer.from('chen').toString('base64url'));
    const forgedCall = await fetch(`${t.url}${WALLET_PATHS.grants}`, {
      headers: { ...proxied, [WALLET_SESSION_HEADER]: forged },
    });
    expect(forgedCall.status).toBe(401);
    expect((await t.platform.store.list('authCodes')).map((row) => row.code)).toEqual([]);
  });

  it('takes back a code whose caller gave up: the merchant then gets EXPIRED_AUTHCODE, and the timeline says why', async () => {
    const ana = await t.wallet('ana');
    const { body } = await ana.consent(['auth_user'], 'allow');
    const authCode = body.decision === 'allow' ? body.authCode : '';
    const chen = await t.wallet('chen');
    expect((await chen.call('POST', WALLET_PATHS.withdrawAuthCode, { authCode })).status).toBe(404);
    const withdrawn = await ana.call('POST', WALLET_PATHS.withdrawAuthCode, { authCode });
    expect(withdrawn).toMatchObject({ status: 200, body: { withdrawn: authCode } });
    const error = await t.client
      .applyToken({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode,
      })
      .catch((e: unknown) => e);
    expect((error as PlatformApiError).resultCode).toBe('EXPIRED_AUTHCODE');
    const warning = (await t.platform.events.list({ type: 'rule.warning' })).find(
      (e) => e.data['rule'] === 'caller-gave-up',
    );
    expect(warning?.data['message']).toContain('withdrew it');
  });
});
