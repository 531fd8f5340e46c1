import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createOpenApiClient,
  generateRsaKeyPair,
  PlatformApiError,
} from '@mp-sandbox/openapi-client';
import { CONTROL_API_ERRORS, CONTROL_PATHS, type SandboxEvent } from '../deps.js';
import {
  controlCall,
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

const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  controlCall<T>(t.url, method, path, body);

const exchange = (authCode: string) =>
  t.client.applyToken({
    appId: TEST_APP_ID,
    authClientId: TEST_CLIENT_ID,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  });

async function resultCodeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PlatformApiError))
    throw new Error(`expected a gateway failure, got ${String(error)}`);
  return error.resultCode;
}

describe('the sandbox clock', () => {
  it('reads, advances by a duration, and sets the clock that decides every expiry', async () => {
    const before = await call('GET', CONTROL_PATHS.clock);
    expect(before.body['offsetMs']).toBe(0);
    const code = await t.issueCode('ana', ['auth_user']);
    const advanced = await call('POST', CONTROL_PATHS.clockAdvance, { by: '6m' });
    expect(advanced.body['offsetMs']).toBe(6 * 60_000);
    expect(await resultCodeOf(exchange(code))).toBe('EXPIRED_AUTHCODE');

    const set = await call('POST', CONTROL_PATHS.clock, { now: '2031-03-01T00:00:00+00:00' });
    expect(set.body['now']).toBe('2031-03-01T00:00:00+00:00');
  });

  it('refuses a duration or a time it cannot read, saying what it takes', async () => {
    const bad = await call('POST', CONTROL_PATHS.clockAdvance, { by: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body['message']).toContain('"2h"');
    expect((await call('POST', CONTROL_PATHS.clock, { now: 'tomorrow' })).status).toBe(400);
  });
});

describe('faults', () => {
  it('makes the next applyToken answer the chosen result code once, then serves calls again', async () => {
    const armed = await call('POST', CONTROL_PATHS.faults, {
      api: 'applyToken',
      resultCode: 'UNKNOWN_EXCEPTION',
    });
    expect(armed.status).toBe(201);
    const code = await t.issueCode('ana', ['auth_user']);
    const error = await exchange(code).catch((e: unknown) => e as PlatformApiError);
    expect(error).toMatchObject({ resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U' });
    // The code was not spent by the injected failure: a retry succeeds, as the docs advise for U.
    expect((await exchange(code)).result.resultCode).toBe('SUCCESS');

    const [failure] = (await call('GET', `${CONTROL_PATHS.events}?type=openapi.failed`)).body[
      'events'
    ] as SandboxEvent[];
    expect(failure?.data['injectedFault']).toBe(armed.body['id']);
    expect(failure?.correlationId).toBeTruthy();
  });

  it('uses the v1 name of an injected code on a v1 path', async () => {
    await call('POST', CONTROL_PATHS.faults, {
      api: 'applyToken',
      resultCode: 'USED_AUTHCODE',
      count: 1,
    });
    const code = await t.issueCode('ana', ['auth_user']);
    const v1 = t.client.applyTokenV1({
      grantType: 'AUTHORIZATION_CODE',
      authCode: code,
      extendInfo: '{"customerBelongsTo":"SANDBOX"}',
    });
    expect(await resultCodeOf(v1)).toBe('USED_CODE');
  });

  it('applies to the named API only, for count calls, and can be cleared', async () => {
    await call('POST', CONTROL_PATHS.faults, {
      api: 'inquiryUserInfo',
      resultCode: 'EXPIRED_ACCESS_TOKEN',
      count: 2,
    });
    const pair = await exchange(await t.issueCode('ana', ['auth_user']));
    const inquire = () =>
      t.client.inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken!,
      });
    expect(await resultCodeOf(inquire())).toBe('EXPIRED_ACCESS_TOKEN');
    expect(await resultCodeOf(inquire())).toBe('EXPIRED_ACCESS_TOKEN');
    expect((await inquire()).result.resultCode).toBe('SUCCESS');

    await call('POST', CONTROL_PATHS.faults, { api: '*', resultCode: 'ACCESS_DENIED', count: 5 });
    expect(((await call('DELETE', CONTROL_PATHS.faults)).body['faults'] as unknown[]).length).toBe(
      0,
    );
    expect((await inquire()).result.resultCode).toBe('SUCCESS');
  });

  it('fires a fault armed for 3 calls exactly 3 times, even when the calls come at once', async () => {
    const pair = await exchange(await t.issueCode('ana', ['auth_user']));
    await call('POST', CONTROL_PATHS.faults, {
      api: 'inquiryUserInfo',
      resultCode: 'ACCESS_DENIED',
      count: 3,
    });
    const inquire = () =>
      t.client
        .inquiryUserInfo({
          appId: TEST_APP_ID,
          authClientId: TEST_CLIENT_ID,
          accessToken: pair.accessToken!,
        })
        .then(
          () => 'SUCCESS',
          (error: unknown) => (error as PlatformApiError).resultCode,
        );
    const outcomes = await Promise.all(Array.from({ length: 8 }, inquire));
    expect(outcomes.filter((code) => code === 'ACCESS_DENIED')).toHaveLength(3);
    expect(outcomes.filter((code) => code === 'SUCCESS')).toHaveLength(5);
    expect((await call('GET', CONTROL_PATHS.faults)).body['faults']).toEqual([]);
  });

  it('adds latency without failing when no result code is given', async () => {
    await call('POST', CONTROL_PATHS.faults, { api: 'applyToken', latencyMs: 300 });
    const code = await t.issueCode('ana', ['auth_user']);
    const started = Date.now();
    expect((await exchange(code)).result.resultCode).toBe('SUCCESS');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('refuses a fault it cannot apply, naming what is wrong', async () => {
    const unknownApi = await call('POST', CONTROL_PATHS.faults, {
      api: 'pay',
      resultCode: 'UNKNOWN_EXCEPTION',
    });
    expect(unknownApi.status).toBe(400);
    expect(unknownApi.body['message']).toContain('applyToken');
    expect(
      (await call('POST', CONTROL_PATHS.faults, { api: 'applyToken', resultCode: 'NOPE' })).status,
    ).toBe(400);
    expect((await call('POST', CONTROL_PATHS.faults, { api: 'applyToken' })).status).toBe(400);
    expect(
      (await call('POST', CONTROL_PATHS.faults, { api: 'applyToken', resultCode: 'SUCCESS' }))
        .status,
    ).toBe(400);
    const badCount = await call('POST', CONTROL_PATHS.faults, {
      resultCode: 'ACCESS_DENIED',
      count: 1.5,
    });
    expect(badCount.body).toMatchObject({
      error: 'INVALID_FAULT',
      message: 'count must be a whole number of calls, 1 or more',
    });
    const nothing = await call('POST', CONTROL_PATHS.faults, { api: 'applyToken' });
    expect(nothing.body['message']).toBe('give a resultCode, a latencyMs, or both');
    expect((await call('GET', CONTROL_PATHS.faults)).body['faults']).toEqual([]);
  });

  it('is cleared by a reset', async () => {
    await call('POST', CONTROL_PATHS.faults, { api: '*', resultCode: 'ACCESS_DENIED', count: 3 });
    await call('POST', CONTROL_PATHS.reset);
    expect((await call('GET', CONTROL_PATHS.faults)).body['faults']).toEqual([]);
  });
});

describe('personas, apps and clients at run time', () => {
  it('adds a persona whose data the gateway then returns, and updates it', async () => {
    const created = await call('POST', CONTROL_PATHS.personas, {
      id: 'zoe',
      nickName: 'Zo',
      firstName: 'Zoë',
      lastName: 'Martin',
      email: 'zoe@example.fr',
      mobilePhone: '+33 6 12 34 56 78',
      addresses: [{ region: 'FR', city: 'Lyon', address1: '3 rue de la République' }],
    });
    expect(created.status).toBe(201);
    const pair = await exchange(await t.issueCode('zoe', ['auth_user', 'USER_ADDRESS']));
    const info = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(info.userInfo).toMatchObject({
      nickName: 'Zo',
      userName: { fullName: 'Zoë Martin' },
      userAddresses: [{ city: 'Lyon' }],
    });

    const updated = await call('PATCH', `${CONTROL_PATHS.personas}/zoe`, { status: 'FROZEN' });
    expect(updated.body).toMatchObject({ id: 'zoe', status: 'FROZEN', nickName: 'Zo' });
    expect(
      (await call('POST', CONTROL_PATHS.personas, { id: 'zoe', nickName: 'x', firstName: 'x' }))
        .status,
    ).toBe(409);
  });

  it('says which field of a persona is wrong', async () => {
    const bad = await call('POST', CONTROL_PATHS.personas, {
      id: 'yan',
      nickName: 'Y',
      firstName: 'Yan',
      addresses: [{ region: 'France', city: 'Paris', address1: '1 rue' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body['message']).toContain('persona.addresses[0].region');
  });

  it('registers a merchant client and its mini program, which then run the whole exchange', async () => {
    const keys = generateRsaKeyPair();
    const client = await call('POST', CONTROL_PATHS.clients, {
      clientId: 'MYSHOP01',
      publicKeys: [{ keyVersion: '1', pem: keys.publicKey }],
    });
    expect(client.status).toBe(201);
    const app = await call('POST', CONTROL_PATHS.apps, {
      appId: 'MYSHOPAPP01',
      name: 'My Shop',
      url: 'http://127.0.0.1:3000/',
      authClientId: 'MYSHOP01',
      scopes: ['auth_base', 'auth_user'],
    });
    expect(app.status).toBe(201);
    const code = await t.issueCode('bruno', ['auth_user'], 'MYSHOPAPP01');
    const myShop = createOpenApiClient({
      gatewayUrl: t.url,
      clientId: 'MYSHOP01',
      privateKey: keys.privateKey,
      platformPublicKey: t.platform.keys.publicKey,
    });
    const pair = await myShop.applyToken({
      appId: 'MYSHOPAPP01',
      authClientId: 'MYSHOP01',
      grantType: 'AUTHORIZATION_CODE',
      authCode: code,
    });
    expect(pair.customerId).toMatch(/^\d{20}$/);
    // The test merchant cannot use a code issued to My Shop.
    expect(
      await resultCodeOf(exchange(await t.issueCode('bruno', ['auth_user'], 'MYSHOPAPP01'))),
    ).toBe('INVALID_AUTHCODE');
  });

  it('refuses an app whose merchant client is not registered, and an app id the gateway would refuse', async () => {
    const orphan = await call('POST', CONTROL_PATHS.apps, {
      appId: 'ORPHAN01',
      name: 'Orphan',
      url: 'http://127.0.0.1:3000/',
      authClientId: 'NOBODY',
    });
    expect(orphan.status).toBe(400);
    expect(orphan.body['message']).toContain('NOBODY');
    const badId = await call('POST', CONTROL_PATHS.apps, {
      appId: 'has space',
      name: 'X',
      url: 'http://127.0.0.1:3000/',
      authClientId: TEST_CLIENT_ID,
    });
    expect(badId.body['message']).toContain('app.appId');
    const badUrl = await call('POST', CONTROL_PATHS.apps, {
      appId: 'URLAPP',
      name: 'X',
      url: 'ftp://x',
      authClientId: TEST_CLIENT_ID,
    });
    expect(badUrl.body['message']).toContain('app.url');
  });

  it('turns on silent KYC for an app with PATCH', async () => {
    const patched = await call('PATCH', `${CONTROL_PATHS.apps}/${TEST_APP_ID}`, {
      silentKyc: true,
    });
    expect(patched.body).toMatchObject({ appId: TEST_APP_ID, silentKyc: true });
    const apps = (await call('GET', CONTROL_PATHS.apps)).body['apps'] as Array<{
      appId: string;
      silentKyc: boolean;
    }>;
    expect(apps.find((a) => a.appId === TEST_APP_ID)?.silentKyc).toBe(true);
  });
});

describe('the live event stream', () => {
  it('pushes events as they happen, and replays what a reconnecting client missed', async () => {
    const controller = new AbortController();
    const response = await fetch(t.url + CONTROL_PATHS.eventStream, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('cache-control')).toContain('no-transform');
    const reader = response.body!.getReader();
    // Bytes at once, before any event: a proxy in between sends the headers on only with them.
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toBe(': stream open\nretry: 2000\n\n');
    await t.issueCode('ana', ['auth_user']);
    text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toMatch(/^id: \d+\nevent: auth_code\.issued\ndata: \{/);

    const replay = new AbortController();
    const again = await fetch(`${t.url}${CONTROL_PATHS.eventStream}?since=0`, {
      signal: replay.signal,
    });
    const replayReader = again.body!.getReader();
    let replayed = '';
    while (!replayed.includes('event: '))
      replayed += new TextDecoder().decode((await replayReader.read()).value);
    replay.abort();
    expect(replayed).toContain('event: auth_code.issued');
  });
});

describe('purging', () => {
  it('removes dead codes and tokens after the grace period, and keeps live ones', async () => {
    const spent = await t.issueCode('ana', ['auth_user']);
    const live = await exchange(spent);
    const revoked = await exchange(await t.issueCode('bruno', ['auth_user']));
    await t.client.revoke({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: revoked.accessToken!,
    });

    expect(await t.platform.authorizations.purge(24 * 60 * 60_000)).toBe(0);
    expect(await resultCodeOf(exchange(spent))).toBe('USED_AUTHCODE');

    await t.platform.clock.advance(25 * 60 * 60_000);
    expect(await t.platform.authorizations.purge(24 * 60 * 60_000)).toBe(4);
    expect(await resultCodeOf(exchange(spent))).toBe('INVALID_AUTHCODE');
    expect(await t.platform.store.get('tokens', revoked.accessToken!)).toBeUndefined();
    // The live pair's refresh token still has 29 days to go.
    const refreshed = await t.client.applyToken({
      grantType: 'REFRESH_TOKEN',
      refreshToken: live.refreshToken!,
    });
    expect(refreshed.result.resultCode).toBe('SUCCESS');
  });
});

describe('sandbox state lives in the store', () => {
  it('keeps faults, consent policies, rule modes and the clock across a restart, and a reset clears them all', async () => {
    const fault = await call<{ id: string }>('POST', CONTROL_PATHS.faults, {
      api: 'applyToken',
      resultCode: 'UNKNOWN_EXCEPTION',
      count: 2,
    });
    const policy = await call<{ id: string }>('POST', CONTROL_PATHS.consentPolicies, {
      decision: 'approve',
      appId: TEST_APP_ID,
    });
    await call('POST', CONTROL_PATHS.rules, { rules: { basicAndPhone: 'warn' } });
    await call('POST', CONTROL_PATHS.clockAdvance, { by: '2h' });

    t = await t.restart();
    expect((await call('GET', CONTROL_PATHS.faults)).body['faults']).toEqual([
      expect.objectContaining({ id: fault.body.id, count: 2 }),
    ]);
    expect((await call('GET', CONTROL_PATHS.consentPolicies)).body['policies']).toEqual([
      expect.objectContaining({ id: policy.body.id, decision: 'approve' }),
    ]);
    expect(
      (await call<{ rules: { basicAndPhone: string } }>('GET', CONTROL_PATHS.rules)).body.rules
        .basicAndPhone,
    ).toBe('warn');
    expect((await call('GET', CONTROL_PATHS.clock)).body['offsetMs']).toBe(2 * 60 * 60_000);
    // The fault still counts where it was: one call of the two is left after this one.
    expect(await resultCodeOf(exchange(await t.issueCode('ana', ['auth_user'])))).toBe(
      'UNKNOWN_EXCEPTION',
    );
    expect((await call('GET', CONTROL_PATHS.faults)).body['faults']).toEqual([
      expect.objectContaining({ count: 1 }),
    ]);

    await call('POST', CONTROL_PATHS.reset);
    expect((await call('GET', CONTROL_PATHS.faults)).body['faults']).toEqual([]);
    expect((await call('GET', CONTROL_PATHS.consentPolicies)).body['policies']).toEqual([]);
    expect(
      (await call<{ rules: { basicAndPhone: string } }>('GET', CONTROL_PATHS.rules)).body.rules
        .basicAndPhone,
    ).toBe('refuse');
    expect((await call('GET', CONTROL_PATHS.clock)).body['offsetMs']).toBe(0);
  });

  it('answers each error code with the status of its catalogue entry', async () => {
    const orphan = await call('POST', CONTROL_PATHS.apps, {
      appId: 'ORPHAN02',
      name: 'Orphan',
      url: 'http://127.0.0.1:3000/',
      authClientId: 'NOBODY',
    });
    expect(orphan).toMatchObject({
      status: CONTROL_API_ERRORS.UNKNOWN_AUTH_CLIENT.status,
      body: { error: 'UNKNOWN_AUTH_CLIENT' },
    });
    const patch = await call('PATCH', `${CONTROL_PATHS.clients}/NOBODY`, { name: 'x' });
    expect(patch).toMatchObject({
      status: CONTROL_API_ERRORS.UNKNOWN_CLIENT.status,
      body: { error: 'UNKNOWN_CLIENT' },
    });
    const exists = await call('POST', CONTROL_PATHS.clients, { clientId: TEST_CLIENT_ID });
    expect(exists).toMatchObject({
      status: 409,
      body: { error: 'CLIENT_EXISTS', message: expect.stringContaining('PATCH') },
    });
    const route = await call('GET', '/sandbox/v1/nothing');
    expect(route).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
  });
});
