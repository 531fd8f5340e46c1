import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformApiError } from '@mp-sandbox/openapi-client';
import {
  CONTROL_PATHS,
  WALLET_PATHS,
  type NamespaceResponse,
  type PrepareResponse,
  type SandboxEvent,
} from '../deps.js';
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
const inquire = (accessToken: string) =>
  t.client.inquiryUserInfo({ appId: TEST_APP_ID, authClientId: TEST_CLIENT_ID, accessToken });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'SUCCESS',
    (e: unknown) => (e as PlatformApiError).resultCode,
  );

describe('namespaces', () => {
  it('gives each namespace its own copies of the personas', async () => {
    const { status, body } = await call<NamespaceResponse>('POST', CONTROL_PATHS.namespaces, {
      name: 'w1',
    });
    expect(status).toBe(201);
    expect(body.personas.map((p) => p.id)).toEqual([
      'ana-w1',
      'bruno-w1',
      'chen-w1',
      'dara-w1',
      'eli-w1',
    ]);
    expect(body.personas[0]).toMatchObject({ namespace: 'w1', firstName: 'Ana Lucía' });
    expect((await call('POST', CONTROL_PATHS.namespaces, { name: 'Bad Name!' })).status).toBe(400);
  });

  it("moves one namespace's clock without touching anyone else's tokens", async () => {
    await call('POST', CONTROL_PATHS.namespaces, { name: 'w1' });
    const mine = await exchange(await t.issueCode('ana-w1', ['auth_user']));
    const theirs = await exchange(await t.issueCode('ana', ['auth_user']));
    await call('POST', CONTROL_PATHS.clockAdvance, { by: '2h', namespace: 'w1' });
    expect(await failure(inquire(mine.accessToken!))).toBe('EXPIRED_ACCESS_TOKEN');
    expect(await failure(inquire(theirs.accessToken!))).toBe('SUCCESS');
    expect(
      (await call<{ offsetMs: number }>('GET', `${CONTROL_PATHS.clock}?namespace=w1`)).body
        .offsetMs,
    ).toBe(2 * 3600_000);
    expect((await call<{ offsetMs: number }>('GET', CONTROL_PATHS.clock)).body.offsetMs).toBe(0);
  });

  it("answers a namespace's faults only to calls about its personas", async () => {
    await call('POST', CONTROL_PATHS.namespaces, { name: 'w1' });
    await call('POST', CONTROL_PATHS.faults, {
      api: 'applyToken',
      resultCode: 'UNKNOWN_EXCEPTION',
      namespace: 'w1',
      count: 5,
    });
    expect(await failure(exchange(await t.issueCode('ana', ['auth_user'])))).toBe('SUCCESS');
    expect(await failure(exchange(await t.issueCode('ana-w1', ['auth_user'])))).toBe(
      'UNKNOWN_EXCEPTION',
    );
  });

  it('resets one namespace, keeping the rest of the sandbox as it is', async () => {
    await call('POST', CONTROL_PATHS.namespaces, { name: 'w1' });
    const mine = await exchange(await t.issueCode('bruno-w1', ['auth_user']));
    const theirs = await exchange(await t.issueCode('bruno', ['auth_user']));
    const reset = await call('POST', CONTROL_PATHS.reset, { namespace: 'w1' });
    expect(reset.body).toEqual({ status: 'reset', namespace: 'w1' });
    expect(await failure(inquire(mine.accessToken!))).toBe('INVALID_ACCESS_TOKEN');
    expect(await failure(inquire(theirs.accessToken!))).toBe('SUCCESS');
  });

  it('shows a namespace only its own events', async () => {
    await call('POST', CONTROL_PATHS.namespaces, { name: 'w1' });
    await t.issueCode('chen-w1', ['auth_user']);
    await t.issueCode('chen', ['auth_user']);
    const { body } = await call<{ events: SandboxEvent[] }>(
      'GET',
      `${CONTROL_PATHS.events}?namespace=w1&type=auth_code.issued`,
    );
    expect(body.events.map((e) => e.userId)).toEqual(['chen-w1']);
    expect(body.events[0]?.namespace).toBe('w1');
  });
});

describe('consent policies', () => {
  const prepare = async (userId: string, scopes: string[]) => {
    const { status, body } = await (
      await t.wallet(userId)
    ).call<PrepareResponse>('POST', WALLET_PATHS.prepare, { appId: TEST_APP_ID, scopes });
    // The consent request's id and lifetime differ every time: the tests look at the rest.
    const { consentId, expiresAt, ...rest } = body;
    expect(consentId).toMatch(/^cr_/);
    expect(expiresAt).toEqual(expect.any(String));
    return { status, body: rest };
  };

  it('refuses a policy it cannot apply, naming the field, and keeps none of it', async () => {
    const decision = await call('POST', CONTROL_PATHS.consentPolicies, { decision: 'maybe' });
    expect(decision.status).toBe(400);
    expect(decision.body).toMatchObject({
      error: 'INVALID_POLICY',
      message: 'decision must be one of ask, approve, deny, cancel',
    });
    const scope = await call('POST', CONTROL_PATHS.consentPolicies, {
      decision: 'deny',
      scope: 'USER_SHOE_SIZE',
    });
    expect(scope.body['message']).toBe('scope must be a known scope, not "USER_SHOE_SIZE"');
    const appId = await call('POST', CONTROL_PATHS.consentPolicies, { decision: 'deny', appId: 7 });
    expect(appId.body['message']).toBe('appId must be a string, or left out to match any');
    expect((await call('GET', CONTROL_PATHS.consentPolicies)).body['policies']).toEqual([]);
  });

  it('decides for the user instead of the sheet, the most specific policy winning', async () => {
    await call('POST', CONTROL_PATHS.consentPolicies, { decision: 'approve' });
    expect((await prepare('ana', ['USER_NICKNAME'])).body).toEqual({
      ask: ['USER_NICKNAME'],
      decision: 'allow',
    });
    await call('POST', CONTROL_PATHS.consentPolicies, {
      appId: TEST_APP_ID,
      userId: 'ana',
      scope: 'USER_AVATAR',
      decision: 'deny',
    });
    expect((await prepare('ana', ['USER_NICKNAME', 'USER_AVATAR'])).body.decision).toBe('deny');
    expect((await prepare('bruno', ['USER_AVATAR'])).body.decision).toBe('allow');
    await call('POST', CONTROL_PATHS.consentPolicies, { userId: 'bruno', decision: 'cancel' });
    expect((await prepare('bruno', ['USER_AVATAR'])).body.decision).toBe('cancel');
    await call('POST', CONTROL_PATHS.consentPolicies, { userId: 'chen', decision: 'ask' });
    expect((await prepare('chen', ['USER_AVATAR'])).body).toEqual({ ask: ['USER_AVATAR'] });
  });

  it("applies a namespace's policies to its personas only", async () => {
    await call('POST', CONTROL_PATHS.namespaces, { name: 'w2' });
    await call('POST', CONTROL_PATHS.consentPolicies, { namespace: 'w2', decision: 'approve' });
    expect((await prepare('ana-w2', ['USER_NICKNAME'])).body.decision).toBe('allow');
    expect((await prepare('ana', ['USER_NICKNAME'])).body.decision).toBeUndefined();
  });

  it('records that a policy decided when the decision is the one the policy gave', async () => {
    await call('POST', CONTROL_PATHS.consentPolicies, { userId: 'ana', decision: 'approve' });
    await (await t.wallet('ana')).consent(['USER_NICKNAME'], 'allow');
    await (await t.wallet('bruno')).consent(['USER_NICKNAME'], 'allow');
    const { body } = await call<{ events: SandboxEvent[] }>(
      'GET',
      `${CONTROL_PATHS.events}?type=consent.allowed`,
    );
    expect(body.events.map((e) => [e.userId, e.data['decidedBy']])).toEqual([
      ['ana', 'policy'],
      ['bruno', 'user'],
    ]);
  });

  it('answers a cancel with no authErrorScopes, and records it as a denial that was cancelled', async () => {
    const { body } = await (await t.wallet('ana')).consent(['USER_NICKNAME'], 'cancel');
    expect(body).toEqual({ decision: 'cancel', correlationId: expect.stringMatching(/\S/) });
    const { body: events } = await call<{ events: SandboxEvent[] }>(
      'GET',
      `${CONTROL_PATHS.events}?type=consent.denied`,
    );
    expect(events.events[0]?.data).toEqual({
      scopes: ['USER_NICKNAME'],
      cancelled: true,
      decidedBy: 'user',
    });
    expect(events.events[0]?.correlationId).toBe((body as { correlationId: string }).correlationId);
  });

  it('refuses a policy it cannot apply', async () => {
    expect((await call('POST', CONTROL_PATHS.consentPolicies, { decision: 'maybe' })).status).toBe(
      400,
    );
    expect(
      (await call('POST', CONTROL_PATHS.consentPolicies, { decision: 'deny', scope: 'NOPE' }))
        .status,
    ).toBe(400);
  });
});
