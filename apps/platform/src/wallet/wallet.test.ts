import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformApiError } from '@mp-sandbox/openapi-client';
import { WALLET_PATHS, type GrantsResponse, type PrepareResponse } from '../deps.js';
import { controlCall, startTestPlatform, TEST_APP_ID, TEST_CLIENT_ID, type TestPlatform } from '../testing/testPlatform.js';

let t: TestPlatform;
beforeEach(async () => {
  t = await startTestPlatform();
});
afterEach(async () => {
  await t.close();
});

const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => controlCall<T>(t.url, method, path, body);

const prepare = (scopes: string[], userId = 'ana') => call<PrepareResponse>('POST', WALLET_PATHS.prepare, { appId: TEST_APP_ID, userId, scopes });
const authorize = (scopes: string[], decision: 'allow' | 'deny', userId = 'ana') =>
  call<{ authCode?: string }>('POST', WALLET_PATHS.authorize, { appId: TEST_APP_ID, userId, scopes, decision });

describe('the wallet backend', () => {
  it('asks for consent scopes only, and not again once granted; denying remembers nothing', async () => {
    expect((await prepare(['auth_base'])).body.ask).toEqual([]);
    expect((await prepare(['auth_base', 'USER_NICKNAME', 'USER_AVATAR'])).body.ask).toEqual(['USER_NICKNAME', 'USER_AVATAR']);
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
    expect((await authorize(['USER_NAME', 'User_Customer_Info'], 'allow')).status).toBe(400);
    expect(Object.keys(t.platform.store.data.authCodes)).toEqual([]);
    // One after the other is fine.
    expect((await authorize(['auth_user'], 'allow')).status).toBe(200);
    expect((await authorize(['PLAINTEXT_MOBILE_PHONE'], 'allow')).status).toBe(200);
  });

  it('grants User_Customer_KYC_Info without a sheet to an app the administrator approved', async () => {
    expect((await prepare(['User_Base_Info', 'User_Customer_KYC_Info'])).body.ask).toEqual(['User_Customer_KYC_Info']);
    await fetch(`${t.url}/sandbox/v1/apps/${TEST_APP_ID}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ silentKyc: true }) });
    expect((await prepare(['User_Base_Info', 'User_Customer_KYC_Info'])).body.ask).toEqual([]);
  });

  it('lists what a persona granted, and revoking it there kills the merchant\'s tokens', async () => {
    const { body } = await authorize(['auth_user'], 'allow');
    const pair = await t.client.applyToken({ appId: TEST_APP_ID, authClientId: TEST_CLIENT_ID, grantType: 'AUTHORIZATION_CODE', authCode: body.authCode! });
    const listed = await call<GrantsResponse>('GET', `${WALLET_PATHS.grants}?userId=ana`);
    expect(listed.body.grants).toEqual([expect.objectContaining({ appId: TEST_APP_ID, userId: 'ana', scopes: ['auth_user'] })]);

    const revoked = await call<GrantsResponse>('DELETE', `${WALLET_PATHS.grants}/${TEST_APP_ID}?userId=ana`);
    expect(revoked.body.grants).toEqual([]);
    const error = await t.client.inquiryUserInfo({ appId: TEST_APP_ID, authClientId: TEST_CLIENT_ID, accessToken: pair.accessToken! }).catch((e: unknown) => e);
    expect((error as PlatformApiError).resultCode).toBe('INVALID_ACCESS_TOKEN');
    const refresh = await t.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: pair.refreshToken! }).catch((e: unknown) => e);
    expect((refresh as PlatformApiError).resultCode).toBe('INVALID_REFRESH_TOKEN');
    // The sheet comes back.
    expect((await prepare(['auth_user'])).body.ask).toEqual(['auth_user']);
    expect((await call('DELETE', `${WALLET_PATHS.grants}/${TEST_APP_ID}?userId=ana`)).status).toBe(404);
  });
});
