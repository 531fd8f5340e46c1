/**
 * The token manager of `@mp-sandbox/openapi-client`, used through its public entry as merchant
 * servers use it, against a real platform started in-process (`@mp-sandbox/platform/testing`):
 * real signatures, real token rotation, the sandbox clock and its fault injection. Events on the
 * platform's timeline count the refreshes the manager really made.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventsResponse, Fault, SandboxEvent, SandboxEventType } from '@mp-sandbox/protocol';
import {
  createTokenManager,
  MemoryTokenStore,
  PlatformApiError,
  ReauthorizationRequiredError,
  type OpenApiClient,
  type StoredTokens,
  type TokenManager,
  type TokenManagerOptions,
  type TokenStore,
} from '@mp-sandbox/openapi-client';
import { startTestPlatform, type TestPlatform } from '@mp-sandbox/platform/testing';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ANA = 'Ana Lucía García Torres';

let t: TestPlatform;
let store: MemoryTokenStore;

beforeEach(async () => {
  t = await startTestPlatform();
  store = new MemoryTokenStore();
});

afterEach(async () => {
  await t.close();
});

/** A v2 manager on the test merchant; by default its clock is the sandbox clock. */
function manager(options: Partial<TokenManagerOptions> = {}): TokenManager {
  return createTokenManager({
    client: t.client,
    store,
    appId: t.appId,
    authClientId: t.clientId,
    now: () => t.platform.clock.lastKnownNow(),
    ...options,
  } as TokenManagerOptions);
}

/** Ana authorizes the test app; the merchant logs in with the code. */
async function login(m: TokenManager, scopes = ['auth_user']): Promise<StoredTokens> {
  return m.login(await t.issueCode('ana', ['auth_user']), { scopes });
}

async function events(type: SandboxEventType): Promise<SandboxEvent[]> {
  const response = await fetch(`${t.url}/sandbox/v1/events?type=${type}`);
  return ((await response.json()) as EventsResponse).events;
}

async function refreshCount(): Promise<number> {
  return (await events('token.refreshed')).length;
}

async function failedCodes(): Promise<unknown[]> {
  return (await events('openapi.failed')).map((e) => e.data['resultCode']);
}

async function armFault(fault: {
  api: string;
  resultCode: string;
  count?: number;
  latencyMs?: number;
}): Promise<Fault> {
  const response = await fetch(`${t.url}/sandbox/v1/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Fault;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/** What applyToken says about a refresh token now, without the manager. */
async function refreshWith(
  refreshToken: string,
  client: OpenApiClient = t.client,
): Promise<string> {
  try {
    await client.applyToken({
      appId: t.appId,
      authClientId: t.clientId,
      grantType: 'REFRESH_TOKEN',
      refreshToken,
    });
    return 'SUCCESS';
  } catch (error) {
    return (error as PlatformApiError).resultCode;
  }
}

describe('login', () => {
  it('exchanges the authCode, stores the pair with the granted scopes, and reads the profile', async () => {
    const m = manager();
    const tokens = await login(m, ['auth_user']);
    expect(tokens).toEqual({
      customerId: expect.any(String),
      accessToken: expect.any(String),
      accessTokenExpiryTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      refreshToken: expect.any(String),
      refreshTokenExpiryTime: expect.any(String),
      scopes: ['auth_user'],
    });
    expect(await store.get(tokens.customerId)).toEqual(tokens);
    expect((await m.userInfo(tokens.customerId)).userName?.fullName).toBe(ANA);
    expect(await refreshCount()).toBe(0);
  });

  it('lets a used authCode fail as PlatformApiError and stores nothing', async () => {
    const m = manager();
    const code = await t.issueCode('ana', ['auth_base']);
    await store.delete((await m.login(code)).customerId);
    const error = await rejection(m.login(code));
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as PlatformApiError).code).toBe('USED_AUTHCODE');
    expect(store.size).toBe(0);
  });

  it('works through the /api/open prefix', async () => {
    const m = manager({ client: t.clientWith({ gatewayUrl: `${t.url}/api/open` }) });
    const tokens = await login(m);
    expect((await m.userInfo(tokens.customerId)).userId).toBe(tokens.customerId);
  });
});

describe('refresh before expiry', () => {
  it('rotates an expired access token first and stores the new pair (scopes kept)', async () => {
    const m = manager();
    const first = await login(m);
    await t.platform.clock.advance(61 * MINUTE);

    expect((await m.userInfo(first.customerId)).userName?.fullName).toBe(ANA);
    expect(await refreshCount()).toBe(1);
    // No call was wasted on the dead token.
    expect(await failedCodes()).toEqual([]);
    const rotated = (await store.get(first.customerId))!;
    expect(rotated.accessToken).not.toBe(first.accessToken);
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect(Date.parse(rotated.accessTokenExpiryTime)).toBeGreaterThan(await t.platform.clock.now());
    expect(rotated.scopes).toEqual(['auth_user']);
    // The old refresh token is spent: the stored pair is the only one that works.
    expect(await refreshWith(first.refreshToken)).toBe('USED_REFRESH_TOKEN');
  });

  it('refreshes within refreshSkewMs of expiry, not before', async () => {
    const m = manager({ refreshSkewMs: 5 * MINUTE });
    const { customerId } = await login(m);
    await t.platform.clock.advance(54 * MINUTE);
    await m.userInfo(customerId);
    expect(await refreshCount()).toBe(0);

    await t.platform.clock.advance(2 * MINUTE); // 4 minutes left, inside the 5-minute skew
    await m.userInfo(customerId);
    expect(await refreshCount()).toBe(1);
  });

  it('uses a 60 s skew by default', async () => {
    const m = manager();
    const { customerId } = await login(m);
    await t.platform.clock.advance(58 * MINUTE);
    await m.userInfo(customerId);
    expect(await refreshCount()).toBe(0);
    await t.platform.clock.advance(MINUTE + 30_000); // 30 s left
    await m.userInfo(customerId);
    expect(await refreshCount()).toBe(1);
  });

  it('refresh() rotates on demand', async () => {
    const m = manager();
    const first = await login(m);
    const second = await m.refresh(first.customerId);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await store.get(first.customerId)).toEqual(second);
    expect(await refreshCount()).toBe(1);
  });
});

describe('EXPIRED_ACCESS_TOKEN from the platform', () => {
  it('refreshes once and retries once when the platform clock is ahead of ours', async () => {
    // The manager trusts the wall clock; the sandbox moved an hour on.
    const m = manager({ now: Date.now });
    const first = await login(m);
    await t.platform.clock.advance(61 * MINUTE);

    expect((await m.userInfo(first.customerId)).userName?.fullName).toBe(ANA);
    expect(await failedCodes()).toEqual(['EXPIRED_ACCESS_TOKEN']);
    expect(await refreshCount()).toBe(1);
    expect((await store.get(first.customerId))!.accessToken).not.toBe(first.accessToken);
  });

  it('recovers from an injected EXPIRED_ACCESS_TOKEN', async () => {
    const m = manager();
    const first = await login(m);
    await armFault({ api: 'inquiryUserInfo', resultCode: 'EXPIRED_ACCESS_TOKEN', count: 1 });

    expect((await m.userInfo(first.customerId)).userName?.fullName).toBe(ANA);
    expect(await refreshCount()).toBe(1);
  });

  it('retries only once: a second EXPIRED_ACCESS_TOKEN reaches the caller', async () => {
    const m = manager();
    const { customerId } = await login(m);
    await armFault({ api: 'inquiryUserInfo', resultCode: 'EXPIRED_ACCESS_TOKEN', count: 2 });

    const error = await rejection(m.userInfo(customerId));
    expect(error).toBeInstanceOf(PlatformApiError);
    expect((error as PlatformApiError).code).toBe('EXPIRED_ACCESS_TOKEN');
    expect(await refreshCount()).toBe(1);
    // The rotated pair was stored, so the next call simply works.
    expect((await m.userInfo(customerId)).userId).toBe(customerId);
  });

  it('passes other failures of fn through, without a refresh or a retry', async () => {
    const m = manager();
    const { customerId } = await login(m);
    await armFault({ api: 'inquiryUserInfo', resultCode: 'UNKNOWN_EXCEPTION', count: 1 });
    const error = (await rejection(m.userInfo(customerId))) as PlatformApiError;
    expect(error.code).toBe('UNKNOWN_EXCEPTION');
    expect(error.retryable).toBe(true);

    let calls = 0;
    const boom = new Error('merchant bug');
    expect(
      await rejection(
        m.withAccessToken(customerId, async () => {
          calls += 1;
          throw boom;
        }),
      ),
    ).toBe(boom);
    expect(calls).toBe(1);
    expect(await refreshCount()).toBe(0);
  });
});

describe('concurrency', () => {
  it('shares one refresh among concurrent calls that find the token expired', async () => {
    const m = manager();
    const { customerId } = await login(m);
    await t.platform.clock.advance(61 * MINUTE);

    const users = await Promise.all(Array.from({ length: 6 }, () => m.userInfo(customerId)));
    expect(users.map((u) => u.userName?.fullName)).toEqual(Array(6).fill(ANA));
    expect(await refreshCount()).toBe(1);
    expect(await failedCodes()).toEqual([]);
  });

  it('shares one refresh among concurrent calls the platform answered EXPIRED_ACCESS_TOKEN', async () => {
    const m = manager({ now: Date.now });
    const { customerId } = await login(m);
    await t.platform.clock.advance(61 * MINUTE);

    const seen = new Set<string>();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        m.withAccessToken(customerId, async (accessToken) => {
          seen.add(accessToken);
          return t.client.inquiryUserInfo({
            appId: t.appId,
            authClientId: t.clientId,
            accessToken,
          });
        }),
      ),
    );
    expect(results.every((r) => r.result.resultStatus === 'S')).toBe(true);
    expect(await refreshCount()).toBe(1);
    expect(seen.size).toBe(2); // the expired token, then the one refreshed token
    expect((await failedCodes()).filter((c) => c === 'USED_REFRESH_TOKEN')).toEqual([]);
  });

  it('retries with the rotated token when a call used a token rotated under it (INVALID_ACCESS_TOKEN)', async () => {
    // The platform kills the old pair the moment it is refreshed, so a call already holding the
    // old access token fails; the stored pair is fresh, so no second refresh is needed.
    const m = manager();
    const { customerId } = await login(m);
    const tokensSeen: string[] = [];
    const user = await m.withAccessToken(customerId, async (accessToken) => {
      tokensSeen.push(accessToken);
      if (tokensSeen.length === 1) await m.refresh(customerId);
      return t.client.inquiryUserInfo({ appId: t.appId, authClientId: t.clientId, accessToken });
    });
    expect(user.userInfo?.userName?.fullName).toBe(ANA);
    expect(await failedCodes()).toEqual(['INVALID_ACCESS_TOKEN']);
    expect(await refreshCount()).toBe(1);
    expect(tokensSeen[1]).toBe((await store.get(customerId))!.accessToken);
  });

  it('picks up the pair another server process stored when it loses the refresh race', async () => {
    // Two processes, one shared store. The second read the store before the first wrote the
    // rotated pair (a lagging replica), so it spends the old refresh token and is told USED.
    const first = manager();
    const tokens = await login(first);
    let lagging = true;
    const replica: TokenStore = {
      get: async (id) => (lagging ? structuredClone(tokens) : store.get(id)),
      set: (value) => store.set(value),
      delete: (id) => store.delete(id),
    };
    const second = manager({
      store: replica,
      client: t.clientWith({
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          lagging = false; // the replica catches up while the gateway answers
          return response;
        },
      }),
    });
    await t.platform.clock.advance(61 * MINUTE);

    await first.userInfo(tokens.customerId);
    const winner = (await store.get(tokens.customerId))!;
    expect((await second.userInfo(tokens.customerId)).userName?.fullName).toBe(ANA);
    expect(await failedCodes()).toEqual(['USED_REFRESH_TOKEN']);
    expect(await refreshCount()).toBe(1);
    expect(await store.get(tokens.customerId)).toEqual(winner);
  });
});

describe('reauthorization', () => {
  it.each([
    ['our clock agrees with the platform', () => t.platform.clock.lastKnownNow()],
    ['our clock lags the platform', Date.now],
  ])(
    'throws ReauthorizationRequiredError and empties the store when the refresh token expired (%s)',
    async (_, now) => {
      const m = manager({ now });
      const { customerId } = await login(m);
      await t.platform.clock.advance(31 * DAY);

      const error = await rejection(m.userInfo(customerId));
      expect(error).toBeInstanceOf(ReauthorizationRequiredError);
      expect(error).toMatchObject({ customerId, reason: 'EXPIRED_REFRESH_TOKEN' });
      expect((error as Error).cause).toBeInstanceOf(PlatformApiError);
      expect(await store.get(customerId)).toBeUndefined();
    },
  );

  it('throws ReauthorizationRequiredError (NO_TOKENS) for an unknown customer, without calling fn', async () => {
    let called = false;
    const error = await rejection(manager().withAccessToken('nobody', async () => (called = true)));
    expect(error).toMatchObject({
      name: 'ReauthorizationRequiredError',
      reason: 'NO_TOKENS',
      customerId: 'nobody',
    });
    expect(called).toBe(false);
  });

  it('asks for reauthorization when the grant was revoked behind its back', async () => {
    const m = manager();
    const tokens = await login(m);
    await t.client.revoke({
      appId: t.appId,
      authClientId: t.clientId,
      accessToken: tokens.accessToken,
    });

    const error = await rejection(m.userInfo(tokens.customerId));
    expect(error).toMatchObject({
      name: 'ReauthorizationRequiredError',
      reason: 'INVALID_REFRESH_TOKEN',
    });
    expect(await failedCodes()).toEqual(['INVALID_ACCESS_TOKEN', 'INVALID_REFRESH_TOKEN']);
    expect(store.size).toBe(0);
  });

  it('keeps the tokens when the refresh fails for another reason, so a later call can succeed', async () => {
    const m = manager();
    const first = await login(m);
    await t.platform.clock.advance(61 * MINUTE);
    await armFault({ api: 'applyToken', resultCode: 'UNKNOWN_EXCEPTION', count: 1 });

    const error = (await rejection(m.userInfo(first.customerId))) as PlatformApiError;
    expect(error.code).toBe('UNKNOWN_EXCEPTION');
    expect(await store.get(first.customerId)).toEqual(first);
    expect((await m.userInfo(first.customerId)).userName?.fullName).toBe(ANA);
  });
});

describe('revoke', () => {
  it('revokes both tokens on the platform and forgets them', async () => {
    const m = manager();
    const tokens = await login(m);
    await m.revoke(tokens.customerId);

    expect(store.size).toBe(0);
    expect(await events('token.revoked')).toHaveLength(1);
    expect(await refreshWith(tokens.refreshToken)).toBe('INVALID_REFRESH_TOKEN');
    // Nothing left to revoke: done, not an error.
    await m.revoke(tokens.customerId);
    expect(await events('token.revoked')).toHaveLength(1);
  });

  it('revokes an expired access token without refreshing it first', async () => {
    const m = manager();
    const tokens = await login(m);
    await t.platform.clock.advance(61 * MINUTE);
    await m.revoke(tokens.customerId);
    expect(await refreshCount()).toBe(0);
    expect(await events('token.revoked')).toHaveLength(1);
    expect(store.size).toBe(0);
  });

  it('forgets a grant that is already dead', async () => {
    const m = manager();
    const tokens = await login(m);
    await t.platform.clock.advance(31 * DAY);
    await armFault({ api: 'revoke', resultCode: 'EXPIRED_ACCESS_TOKEN', count: 1 });
    await m.revoke(tokens.customerId);
    expect(await failedCodes()).toEqual(['EXPIRED_ACCESS_TOKEN', 'EXPIRED_REFRESH_TOKEN']);
    expect(store.size).toBe(0);
  });

  it('keeps the tokens when the platform could not revoke', async () => {
    const m = manager();
    const tokens = await login(m);
    await armFault({ api: 'revoke', resultCode: 'UNKNOWN_EXCEPTION', count: 1 });
    expect(await rejection(m.revoke(tokens.customerId))).toBeInstanceOf(PlatformApiError);
    expect(await store.get(tokens.customerId)).toEqual(tokens);
  });
});

describe('v1', () => {
  /** The v1 manager's gateway traffic: path and parsed body of each call. */
  function v1Manager(): {
    m: TokenManager;
    calls: Array<{ path: string; body: Record<string, unknown> }>;
  } {
    const calls: Array<{ path: string; body: Record<string, unknown> }> = [];
    const client = t.clientWith({
      fetch: async (input, init) => {
        calls.push({
          path: new URL(String(input)).pathname,
          body: JSON.parse(String(init?.body)) as Record<string, unknown>,
        });
        return fetch(input, init);
      },
    });
    return { m: manager({ version: 'v1', customerBelongsTo: 'SANDBOX', client }), calls };
  }

  it('logs in, reads, refreshes and cancels with the v1 APIs, extendInfo on every call', async () => {
    const { m, calls } = v1Manager();
    const tokens = await login(m);
    expect((await m.userInfo(tokens.customerId)).userName?.fullName).toBe(ANA);
    await t.platform.clock.advance(61 * MINUTE);
    await m.userInfo(tokens.customerId);
    await m.revoke(tokens.customerId);

    expect(calls.map((c) => c.path)).toEqual([
      '/v1/authorizations/applyToken',
      '/v1/customers/user/inquiryUserInfoByAccessToken',
      '/v1/authorizations/applyToken',
      '/v1/customers/user/inquiryUserInfoByAccessToken',
      '/v1/authorizations/cancelToken',
    ]);
    for (const { body } of calls)
      expect(body['extendInfo']).toBe('{"customerBelongsTo":"SANDBOX"}');
    expect(calls[0]!.body).toMatchObject({
      grantType: 'AUTHORIZATION_CODE',
      referenceClientId: t.appId,
    });
    expect(calls[2]!.body).toMatchObject({
      grantType: 'REFRESH_TOKEN',
      refreshToken: tokens.refreshToken,
    });
    expect(await refreshCount()).toBe(1);
    expect(store.size).toBe(0);
  });

  it('maps v1 result names to the same reauthorization', async () => {
    const { m } = v1Manager();
    const { customerId } = await login(m);
    await t.platform.clock.advance(31 * DAY);
    expect(await rejection(m.userInfo(customerId))).toMatchObject({
      reason: 'EXPIRED_REFRESH_TOKEN',
    });
  });

  it('refuses to start without customerBelongsTo', () => {
    expect(() => manager({ version: 'v1' } as Partial<TokenManagerOptions>)).toThrow(
      /customerBelongsTo/,
    );
  });
});
