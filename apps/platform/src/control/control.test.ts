import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformApiError } from '@mp-sandbox/openapi-client';
import {
  CONTROL_PATHS,
  SCOPE_REFUSED,
  WALLET_PATHS,
  type AuthorizeResponse,
  type EventsResponse,
  type HealthResponse,
  type IssueAuthCodeResponse,
  type SandboxEvent,
} from '../deps.js';
import {
  OTHER_APP_ID,
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  type TestPlatform,
} from '../testing/testPlatform.js';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

let t: TestPlatform;

beforeEach(async () => {
  t = await startTestPlatform();
});

afterEach(async () => {
  await t.close();
});

interface JsonAnswer<T> {
  status: number;
  body: T;
}

async function getJson<T>(path: string): Promise<JsonAnswer<T>> {
  const response = await fetch(`${t.url}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

async function postJson<T>(path: string, body: unknown): Promise<JsonAnswer<T>> {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function events(query = ''): Promise<SandboxEvent[]> {
  const { status, body } = await getJson<EventsResponse>(`${CONTROL_PATHS.events}${query}`);
  expect(status).toBe(200);
  return body.events;
}

async function exchange(authCode: string) {
  return t.client.applyToken({
    appId: TEST_APP_ID,
    authClientId: TEST_CLIENT_ID,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  });
}

describe('GET /sandbox/v1/health', () => {
  it('answers ok with the part name and the sandbox clock as ISO 8601', async () => {
    const { status, body } = await getJson<HealthResponse>(CONTROL_PATHS.health);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ok',
      part: 'platform',
      now: expect.stringMatching(ISO_WITH_OFFSET),
      http: t.url,
    });
    expect(Math.abs(Date.parse(body.now) - Date.now())).toBeLessThan(5_000);
  });

  it("names the balancer's URL as the gateway's when one is in front", async () => {
    const behind = await startTestPlatform({ publicUrl: 'http://lb:7721' });
    try {
      const body = (await (
        await fetch(`${behind.url}${CONTROL_PATHS.health}`)
      ).json()) as HealthResponse;
      expect(body.http).toBe('http://lb:7721');
    } finally {
      await behind.close();
    }
  });

  it('reports the moved sandbox clock', async () => {
    await t.platform.clock.advance(2 * 60 * 60_000);
    const { body } = await getJson<HealthResponse>(CONTROL_PATHS.health);
    expect(Date.parse(body.now) - Date.now()).toBeGreaterThan(2 * 60 * 60_000 - 5_000);
  });
});

describe('POST /sandbox/v1/reset', () => {
  it('forgets every code and token, the clock offset and the timeline', async () => {
    const pair = await exchange(await t.issueCode('ana', ['auth_user']));
    const unused = await t.issueCode('ana', ['auth_user']);
    await t.platform.clock.advance(60_000);

    const { status, body } = await postJson<{ status: string }>(CONTROL_PATHS.reset, {});
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'reset' });

    const inquiry = await t.client
      .inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken!,
      })
      .catch((e: unknown) => e);
    expect(inquiry).toBeInstanceOf(PlatformApiError);
    expect((inquiry as PlatformApiError).resultCode).toBe('INVALID_ACCESS_TOKEN');
    const refresh = await t.client
      .applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: pair.refreshToken! })
      .catch((e: unknown) => e);
    expect((refresh as PlatformApiError).resultCode).toBe('INVALID_REFRESH_TOKEN');
    const code = await exchange(unused).catch((e: unknown) => e);
    expect((code as PlatformApiError).resultCode).toBe('INVALID_AUTHCODE');

    expect(await t.platform.clock.offsetOf()).toBe(0);
    // Only the failures after the reset are on the timeline.
    expect((await events()).map((e) => e.type)).toEqual([
      'openapi.failed',
      'openapi.call',
      'openapi.failed',
      'openapi.call',
      'openapi.failed',
      'openapi.call',
    ]);
  });

  it('keeps the registered apps and clients, so new logins work after a reset', async () => {
    await postJson(CONTROL_PATHS.reset, {});
    const pair = await exchange(await t.issueCode('bruno', ['auth_user']));
    const { userInfo } = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(userInfo?.nickName).toBe('Bruninho');
  });
});

describe('POST /sandbox/v1/authcodes', () => {
  it('issues a code for the granted scopes, without repeats, that expires in five minutes', async () => {
    const before = Date.now();
    const { status, body } = await postJson<IssueAuthCodeResponse>(CONTROL_PATHS.authCodes, {
      appId: TEST_APP_ID,
      userId: 'ana',
      scopes: ['auth_user', 'USER_CONTACTINFO', 'auth_user'],
      applyRules: false,
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      authCode: expect.stringMatching(/^[A-Za-z0-9]{1,64}$/),
      authSuccessScopes: ['auth_user', 'USER_CONTACTINFO'],
      authErrorScopes: {},
      expiresAt: expect.stringMatching(ISO_WITH_OFFSET),
    });
    const expiresAt = Date.parse(body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 5 * 60_000 - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
  });

  it('answers 404 UNKNOWN_APP for an app that is not registered', async () => {
    const { status, body } = await postJson<{ error: string; message: string }>(
      CONTROL_PATHS.authCodes,
      {
        appId: 'NOSUCHAPP',
        userId: 'ana',
        scopes: ['auth_base'],
      },
    );
    expect(status).toBe(404);
    expect(body.error).toBe('UNKNOWN_APP');
    expect(body.message).toContain(TEST_APP_ID);
  });

  it('answers 404 UNKNOWN_PERSONA for a user the sandbox does not have', async () => {
    const { status, body } = await postJson<{ error: string }>(CONTROL_PATHS.authCodes, {
      appId: TEST_APP_ID,
      userId: 'nobody',
      scopes: ['auth_base'],
    });
    expect(status).toBe(404);
    expect(body.error).toBe('UNKNOWN_PERSONA');
  });

  it('answers 400 UNKNOWN_SCOPE for a scope name that does not exist', async () => {
    const { status, body } = await postJson<{ error: string; message: string }>(
      CONTROL_PATHS.authCodes,
      {
        appId: TEST_APP_ID,
        userId: 'ana',
        scopes: ['auth_base', 'USER_SHOE_SIZE'],
      },
    );
    expect(status).toBe(400);
    expect(body.error).toBe('UNKNOWN_SCOPE');
    expect(body.message).toContain('USER_SHOE_SIZE');
  });

  it('answers 400 RESERVED_SCOPE for a scope the platform reserves', async () => {
    const { status, body } = await postJson<{ error: string }>(CONTROL_PATHS.authCodes, {
      appId: TEST_APP_ID,
      userId: 'ana',
      scopes: ['User_Business_Info'],
    });
    expect(status).toBe(400);
    expect(body.error).toBe('RESERVED_SCOPE');
  });

  it('answers 403 SCOPE_NOT_ALLOWED for a scope the app is not registered for', async () => {
    const { status, body } = await postJson<{ error: string; message: string }>(
      CONTROL_PATHS.authCodes,
      {
        appId: OTHER_APP_ID,
        userId: 'ana',
        scopes: ['USER_CONTACTINFO'],
      },
    );
    expect(status).toBe(403);
    expect(body.error).toBe('SCOPE_NOT_ALLOWED');
    expect(body.message).toContain('USER_CONTACTINFO');
  });

  it('answers 400 for empty scopes and for a body that is not JSON', async () => {
    const empty = await postJson<{ error: string }>(CONTROL_PATHS.authCodes, {
      appId: TEST_APP_ID,
      userId: 'ana',
      scopes: [],
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('INVALID_SCOPES');
    const response = await fetch(`${t.url}${CONTROL_PATHS.authCodes}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"appId":',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('INVALID_REQUEST');
  });

  it('issues no code and records nothing when the request is refused', async () => {
    await postJson(CONTROL_PATHS.authCodes, {
      appId: OTHER_APP_ID,
      userId: 'ana',
      scopes: ['USER_CONTACTINFO'],
    });
    expect(await events()).toEqual([]);
    expect((await t.platform.store.list('authCodes')).map((row) => row.code)).toEqual([]);
  });
});

describe('GET /sandbox/v1/events', () => {
  it('shows auth_code.issued, token.issued and user_info.read of one login under the same correlationId', async () => {
    const authCode = await t.issueCode('ana', ['auth_user']);
    const pair = await exchange(authCode);
    await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });

    const timeline = await events();
    expect(timeline.map((e) => e.type)).toEqual([
      'auth_code.issued',
      'token.issued',
      'openapi.call',
      'user_info.read',
      'openapi.call',
    ]);
    const [issued, exchanged, read] = timeline.filter((e) => e.type !== 'openapi.call') as [
      SandboxEvent,
      SandboxEvent,
      SandboxEvent,
    ];
    expect(issued.correlationId).toMatch(/^[0-9a-f]{16}$/);
    expect(exchanged.correlationId).toBe(issued.correlationId);
    expect(read.correlationId).toBe(issued.correlationId);
    expect(issued).toMatchObject({
      appId: TEST_APP_ID,
      userId: 'ana',
      data: { authCode, scopes: ['auth_user'] },
    });
    expect(exchanged).toMatchObject({
      appId: TEST_APP_ID,
      userId: 'ana',
      data: { grantType: 'AUTHORIZATION_CODE', customerId: pair.customerId },
    });
    expect(exchanged.seq).toBeGreaterThan(issued.seq);
    expect(issued.at).toMatch(ISO_WITH_OFFSET);
  });

  it('filters by type, by correlationId and by sequence number', async () => {
    const first = await exchange(await t.issueCode('ana', ['auth_user']));
    await exchange(await t.issueCode('bruno', ['auth_user']));
    const all = await events();
    const firstIssued = all.find(
      (e) => e.type === 'token.issued' && e.data['customerId'] === first.customerId,
    )!;

    expect((await events('?type=token.issued')).map((e) => e.type)).toEqual([
      'token.issued',
      'token.issued',
    ]);
    const one = await events(`?correlationId=${firstIssued.correlationId}`);
    expect(one.map((e) => e.type)).toEqual(['auth_code.issued', 'token.issued', 'openapi.call']);
    expect(await events(`?since=${all[1]!.seq}`)).toEqual(all.slice(2));
  });

  it('records a refused gateway call as openapi.failed with its result code, tied to the login it concerns', async () => {
    const authCode = await t.issueCode('ana', ['auth_user']);
    await exchange(authCode);
    await exchange(authCode).catch(() => undefined);
    const [failed] = await events('?type=openapi.failed');
    const [issued] = await events('?type=auth_code.issued');
    expect(failed).toMatchObject({
      correlationId: issued!.correlationId,
      data: {
        path: '/v2/authorizations/applyToken',
        clientId: TEST_CLIENT_ID,
        resultCode: 'USED_AUTHCODE',
        resultStatus: 'F',
      },
    });
  });

  it('answers 400 UNKNOWN_EVENT_TYPE for a type that does not exist', async () => {
    const { status, body } = await getJson<{ error: string }>(
      `${CONTROL_PATHS.events}?type=token.stolen`,
    );
    expect(status).toBe(400);
    expect(body.error).toBe('UNKNOWN_EVENT_TYPE');
  });
});

describe('GET /sandbox/v1/keys/platform', () => {
  it('hands out the public key the platform signs responses with', async () => {
    const { status, body } = await getJson<{
      keyVersion: string;
      algorithm: string;
      publicKey: string;
    }>(CONTROL_PATHS.platformKey);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      keyVersion: '1',
      algorithm: 'RSA256',
      publicKey: t.platform.keys.publicKey,
    });
  });
});

describe('POST /wallet/v1/authorize', () => {
  it('answers a deny with authErrorScopes, issues no code and records consent.denied but no auth_code.issued', async () => {
    const { status, body } = await (
      await t.wallet('ana')
    ).consent(['auth_user', 'USER_ADDRESS'], 'deny');
    expect(status).toBe(200);
    expect(body).toEqual({
      decision: 'deny',
      authErrorScopes: { auth_user: SCOPE_REFUSED, USER_ADDRESS: SCOPE_REFUSED },
      correlationId: expect.stringMatching(/\S/),
    });
    expect(body).not.toHaveProperty('authCode');
    expect(SCOPE_REFUSED).toBe('10001');
    const timeline = await events();
    expect(timeline.map((e) => e.type)).toEqual(['consent.denied']);
    expect(timeline[0]).toMatchObject({
      appId: TEST_APP_ID,
      userId: 'ana',
      data: { scopes: ['auth_user', 'USER_ADDRESS'] },
    });
    expect((await t.platform.store.list('authCodes')).map((row) => row.code)).toEqual([]);
  });

  it('answers an allow with a code the merchant can exchange, and ties consent, code and token to one correlationId', async () => {
    const { status, body } = await (await t.wallet('chen')).consent(['auth_user'], 'allow');
    expect(status).toBe(200);
    if (body.decision !== 'allow') throw new Error(`expected allow, got ${JSON.stringify(body)}`);
    expect(body).toEqual({
      decision: 'allow',
      authCode: expect.any(String),
      authSuccessScopes: ['auth_user'],
      authErrorScopes: {},
    });
    const pair = await exchange(body.authCode!);
    const { userInfo } = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(userInfo?.nickName).toBe('Mei');

    const timeline = await events();
    expect(timeline.map((e) => e.type)).toEqual([
      'consent.allowed',
      'auth_code.issued',
      'token.issued',
      'openapi.call',
      'user_info.read',
      'openapi.call',
    ]);
    expect(new Set(timeline.map((e) => e.correlationId)).size).toBe(1);
  });

  it('answers 400 when the decision is neither allow nor deny, and 404 for an unknown app', async () => {
    const wallet = await t.wallet('ana');
    const bad = await wallet.consent(['auth_user'], 'maybe' as 'allow');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('INVALID_BODY');
    const unknown = await wallet.call<{ error: string }>('POST', WALLET_PATHS.prepare, {
      appId: 'NOSUCHAPP',
      scopes: ['auth_user'],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('UNKNOWN_APP');
    expect(await events()).toEqual([]);
  });
});
