import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformApiError, verifyContent } from '@mp-sandbox/openapi-client';
import {
  CONTROL_PATHS,
  OPENAPI_PATHS,
  signedContent,
  WALLET_PATHS,
  type OpenApiCallEventData,
  type SandboxEvent,
  type SandboxEventType,
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

const events = (type: SandboxEventType): Promise<SandboxEvent[]> =>
  t.platform.events.list({ type });
const callData = (event: SandboxEvent | undefined) =>
  event?.data as unknown as OpenApiCallEventData;

const exchange = (authCode: string) =>
  t.client.applyToken({
    appId: TEST_APP_ID,
    authClientId: TEST_CLIENT_ID,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  });

async function failureOf(promise: Promise<unknown>): Promise<PlatformApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PlatformApiError))
    throw new Error(`expected a gateway failure, got ${String(error)}`);
  return error;
}

describe('openapi.call', () => {
  it('records a successful applyToken with both sides: signed headers and the bodies', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    const issued = (await events('auth_code.issued'))[0]!;
    const tokens = await exchange(code);

    const [event] = await events('openapi.call');
    expect(event).toMatchObject({
      correlationId: issued.correlationId,
      appId: TEST_APP_ID,
      userId: 'ana',
    });
    const data = callData(event);
    expect(data).toMatchObject({
      api: 'applyToken',
      version: 'v2',
      path: OPENAPI_PATHS.applyTokenV2,
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      request: {
        method: 'POST',
        path: OPENAPI_PATHS.applyTokenV2,
        headers: {
          'client-id': TEST_CLIENT_ID,
          'content-type': expect.stringContaining('application/json'),
        },
        body: {
          appId: TEST_APP_ID,
          authClientId: TEST_CLIENT_ID,
          grantType: 'AUTHORIZATION_CODE',
          authCode: code,
        },
      },
      response: {
        status: 200,
        headers: { 'client-id': TEST_CLIENT_ID },
        body: {
          result: { resultCode: 'SUCCESS', resultStatus: 'S' },
          accessToken: tokens.accessToken,
          customerId: tokens.customerId,
        },
      },
    });
    expect(data).not.toHaveProperty('message');
    expect(data).not.toHaveProperty('fix');
    expect(data.request.headers['request-time']).toBeTruthy();
    expect(data.request.headers.signature).toMatch(/^algorithm=RSA256, keyVersion=1, signature=/);

    // The recorded answer is exactly what the platform signed and sent.
    const { signature, 'response-time': responseTime } = data.response.headers;
    const content = signedContent(
      'POST',
      OPENAPI_PATHS.applyTokenV2,
      TEST_CLIENT_ID,
      responseTime,
      JSON.stringify(data.response.body),
    );
    const encoded = /signature=([^,\s]+)/.exec(signature)![1]!;
    expect(verifyContent(t.platform.keys.publicKey, content, decodeURIComponent(encoded))).toBe(
      true,
    );
  });

  it('records a failure with its wire code, message and fix, after the unchanged openapi.failed', async () => {
    await call('POST', CONTROL_PATHS.faults, {
      api: 'applyToken',
      resultCode: 'UNKNOWN_EXCEPTION',
    });
    const code = await t.issueCode('ana', ['auth_user']);
    await failureOf(exchange(code));

    const all = await t.platform.events.list();
    const failed = all.find((e) => e.type === 'openapi.failed')!;
    const recorded = all.find((e) => e.type === 'openapi.call')!;
    expect(recorded.seq).toBe(failed.seq + 1);
    expect(recorded.correlationId).toBe(failed.correlationId);
    expect(callData(recorded)).toMatchObject({
      api: 'applyToken',
      resultCode: 'UNKNOWN_EXCEPTION',
      resultStatus: 'U',
      message: expect.stringContaining('injected by sandbox fault'),
      fix: 'Retry the call.',
      injectedFault: failed.data['injectedFault'],
      response: { body: { result: { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U' } } },
    });
    // An injected fault is no rule the merchant broke.
    expect(await events('rule.warning')).toHaveLength(0);
  });

  it('uses the v1 name on a v1 path, and keeps a body that is not JSON as text', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    await exchange(code);
    await failureOf(
      t.client.applyTokenV1({
        grantType: 'AUTHORIZATION_CODE',
        authCode: code,
        extendInfo: '{"customerBelongsTo":"SANDBOX"}',
      }),
    );
    expect(callData((await events('openapi.call'))[1])).toMatchObject({
      api: 'applyToken',
      version: 'v1',
      resultCode: 'USED_CODE',
    });

    const response = await fetch(`${t.url}${OPENAPI_PATHS.inquiryUserInfoV2}`, {
      method: 'POST',
      body: 'not json at all',
    });
    expect(response.status).toBe(200);
    const unsigned = callData((await events('openapi.call'))[2]);
    expect(unsigned).toMatchObject({
      api: 'inquiryUserInfo',
      resultCode: 'PARAM_ILLEGAL',
      resultStatus: 'F',
      request: { body: 'not json at all', headers: {} },
    });
    expect(unsigned.fix).toContain('Check the request header');
  });

  it('keeps at most 8 KB of a large body, and says it was cut', async () => {
    const body = JSON.stringify({ accessToken: 'x'.repeat(20_000) });
    await fetch(`${t.url}${OPENAPI_PATHS.inquiryUserInfoV2}`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    const data = callData((await events('openapi.call'))[0]);
    expect(data.request.bodyTruncated).toBe(true);
    expect(data.request.body).toBe(body.slice(0, 8 * 1024));
  });

  it('records a call to a path that is no API, with api null', async () => {
    await fetch(`${t.url}/v2/nothing/here`, { method: 'POST', body: '{}' });
    expect(callData((await events('openapi.call'))[0])).toMatchObject({
      api: null,
      resultCode: 'INVALID_API',
      path: '/v2/nothing/here',
    });
  });
});

describe('rule.warning from the gateway', () => {
  it('says so when an authCode is exchanged twice, in the login it belongs to', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    await exchange(code);
    expect((await failureOf(exchange(code))).resultCode).toBe('USED_AUTHCODE');
    const [warning] = await events('rule.warning');
    expect(warning).toMatchObject({
      correlationId: (await events('auth_code.issued'))[0]!.correlationId,
      appId: TEST_APP_ID,
      userId: 'ana',
      data: { rule: 'code-replayed', message: 'authCode exchanged twice: codes are single-use' },
    });
    expect(warning!.seq).toBe((await events('openapi.call'))[1]!.seq + 1);
  });

  it('says so when an authCode is exchanged after it expired', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    await call('POST', CONTROL_PATHS.clockAdvance, { by: '6m' });
    expect((await failureOf(exchange(code))).resultCode).toBe('EXPIRED_AUTHCODE');
    expect((await events('rule.warning')).map((e) => e.data)).toEqual([
      {
        rule: 'code-expired',
        message: 'authCode exchanged after it expired: exchange codes at once',
      },
    ]);
  });

  it('keeps the existing events as they were', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    await exchange(code);
    await failureOf(exchange(code));
    expect((await t.platform.events.list()).map((e) => e.type)).toEqual([
      'auth_code.issued',
      'token.issued',
      'openapi.call',
      'openapi.failed',
      'openapi.call',
      'rule.warning',
    ]);
  });
});

describe('POST /sandbox/v1/events', () => {
  const bridgeCall = {
    type: 'bridge.call',
    appId: TEST_APP_ID,
    userId: 'ana',
    method: 'getAuthCode',
    params: { scopes: ['auth_user'] },
    outcome: 'success',
    durationMs: 412,
  };

  it('links a getAuthCode answer to its login through the authCode it carried', async () => {
    const { body: authorized } = await (await t.wallet('ana')).consent(['auth_user'], 'allow');
    const consent = (await events('consent.allowed'))[0]!;
    const result = {
      authCode: authorized.decision === 'allow' ? authorized.authCode : undefined,
      authSuccessScopes: ['auth_user'],
      authErrorScopes: {},
    };

    const answer = await call('POST', CONTROL_PATHS.events, { ...bridgeCall, result });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      type: 'bridge.call',
      correlationId: consent.correlationId,
      appId: TEST_APP_ID,
      userId: 'ana',
      data: {
        method: 'getAuthCode',
        params: { scopes: ['auth_user'] },
        outcome: 'success',
        result,
        durationMs: 412,
      },
    });
    expect(
      (await t.platform.events.list({ correlationId: consent.correlationId })).map((e) => e.type),
    ).toEqual(['consent.allowed', 'auth_code.issued', 'bridge.call']);
  });

  it('records a failed call and a rule the shell saw broken, with the correlation id it was given', async () => {
    const failed = await call('POST', CONTROL_PATHS.events, {
      ...bridgeCall,
      outcome: 'fail',
      error: { error: 11, errorMessage: 'User cancelled the authorization' },
    });
    expect(failed.status).toBe(201);
    expect(failed.body).not.toHaveProperty('correlationId');
    expect(failed.body['data']).toMatchObject({ outcome: 'fail', error: { error: 11 } });

    const warning = await call('POST', CONTROL_PATHS.events, {
      type: 'rule.warning',
      rule: 'first-screen',
      message: 'authorization asked at the first screen',
      appId: TEST_APP_ID,
      userId: 'ana',
      correlationId: 'c-1',
    });
    expect(warning.body).toMatchObject({
      type: 'rule.warning',
      correlationId: 'c-1',
      data: { rule: 'first-screen', message: 'authorization asked at the first screen' },
    });
  });

  it.each([
    [{ ...bridgeCall, type: 'token.issued' }, 'type must be one of bridge.call, rule.warning'],
    [{ ...bridgeCall, appId: 42 }, 'appId must be a non-empty string'],
    [{ ...bridgeCall, userId: undefined }, 'userId must be a non-empty string'],
    [{ ...bridgeCall, outcome: 'maybe' }, 'outcome must be "success" or "fail"'],
    [{ ...bridgeCall, params: ['auth_user'] }, 'params must be a JSON object'],
    [{ ...bridgeCall, durationMs: '12' }, 'durationMs must be a number'],
    [{ ...bridgeCall, outcome: 'fail' }, 'error must be the JSAPI error'],
    [
      {
        type: 'rule.warning',
        rule: 'code-replayed',
        message: 'm',
        appId: TEST_APP_ID,
        userId: 'ana',
      },
      'rule must be one of first-screen, basic-and-phone',
    ],
    [
      { type: 'rule.warning', rule: 'first-screen', appId: TEST_APP_ID, userId: 'ana' },
      'message must be a non-empty string',
    ],
  ])('refuses %j with 400 and says what is wrong', async (body, message) => {
    const answer = await call('POST', CONTROL_PATHS.events, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: 'INVALID_EVENT',
      message: expect.stringContaining(message),
    });
    expect(await t.platform.events.list()).toHaveLength(0);
  });

  it('refuses a body that is not a JSON object', async () => {
    const response = await fetch(t.url + CONTROL_PATHS.events, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '[1]',
    });
    expect(response.status).toBe(400);
  });
});
