import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createOpenApiClient,
  PlatformApiError,
  signContent,
  verifyContent,
} from '@mp-sandbox/openapi-client';
import {
  formatGatewayTime,
  OPENAPI_PATHS,
  parseSignatureHeader,
  signedContent,
  type ApplyTokenResponse,
  type OpenApiResponse,
  type ScopeName,
} from '../deps.js';
import { REPO_ROOT } from '../config.js';
import {
  installPlatformKeys,
  OTHER_APP_ID,
  OTHER_CLIENT_ID,
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testClient,
  testKeys,
  testSeed,
  type TestPlatform,
} from '../testing/testPlatform.js';
import { testStore } from '../testing/testStore.js';

/** Of the embedded store's data folder; on PostgreSQL, store/replicas.test.ts SIGKILLs a replica. */
const embeddedOnly = it.skipIf(testStore() === 'postgres');
const V1_EXTEND_INFO = '{"customerBelongsTo":"SANDBOX"}';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let t: TestPlatform;

beforeEach(async () => {
  t = await startTestPlatform();
});

afterEach(async () => {
  await t.close();
});

/** Awaits a call that must fail with a gateway result, and returns that failure. */
async function failure(call: Promise<unknown>): Promise<PlatformApiError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome))
    throw new Error(`expected a gateway failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(PlatformApiError);
  return outcome.error as PlatformApiError;
}

function wire(error: PlatformApiError): { resultCode: string; resultStatus: string } {
  return { resultCode: error.resultCode, resultStatus: error.resultStatus };
}

async function exchange(authCode: string, client = t.client): Promise<ApplyTokenResponse> {
  return client.applyToken({
    appId: TEST_APP_ID,
    authClientId: TEST_CLIENT_ID,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  });
}

/** A user logs in to the test app with these scopes and the merchant exchanges the code. */
async function login(
  scopes: ScopeName[] = ['auth_user'],
  userId = 'ana',
): Promise<ApplyTokenResponse> {
  return exchange(await t.issueCode(userId, scopes));
}

interface SignOptions {
  clientId?: string;
  privateKey?: string;
  keyVersion?: string;
  requestTime?: string;
  /** Sign this body instead of the one sent. */
  signedBody?: string;
  /** Sign this path instead of the one posted to. */
  signedPath?: string;
  /** `algorithm=RSA256,keyVersion=1,signature=…` as the official SDK writes it. */
  compact?: boolean;
}

function signedHeaders(
  path: string,
  body: string,
  options: SignOptions = {},
): Record<string, string> {
  const clientId = options.clientId ?? TEST_CLIENT_ID;
  const requestTime = options.requestTime ?? formatGatewayTime(Date.now());
  const content = signedContent(
    'POST',
    options.signedPath ?? path,
    clientId,
    requestTime,
    options.signedBody ?? body,
  );
  const signature = encodeURIComponent(
    signContent(options.privateKey ?? testKeys().merchant.privateKey, content),
  );
  const parts = [
    'algorithm=RSA256',
    `keyVersion=${options.keyVersion ?? '1'}`,
    `signature=${signature}`,
  ];
  return {
    'Content-Type': 'application/json; charset=UTF-8',
    'Client-Id': clientId,
    'Request-Time': requestTime,
    Signature: parts.join(options.compact ? ',' : ', '),
  };
}

interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: OpenApiResponse & Record<string, unknown>;
}

/** POSTs exactly these bytes with exactly these headers. */
async function rawPost(
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<RawAnswer> {
  const response = await fetch(`${t.url}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: JSON.parse(text) as RawAnswer['body'],
  };
}

/** The answer carries Client-Id, Response-Time and a Signature that verifies with the platform key. */
function expectSignedByPlatform(path: string, answer: RawAnswer, clientId: string): void {
  const header = answer.headers.get('signature');
  const responseTime = answer.headers.get('response-time');
  expect(answer.headers.get('client-id')).toBe(clientId);
  expect(responseTime).toMatch(ISO_WITH_OFFSET);
  expect(header).toMatch(/^algorithm=RSA256, ?keyVersion=1, ?signature=\S+$/);
  const parsed = parseSignatureHeader(header!);
  if (typeof parsed === 'string') throw new Error(parsed);
  const content = signedContent('POST', path, clientId, responseTime!, answer.text);
  expect(verifyContent(t.platform.keys.publicKey, content, parsed.signature)).toBe(true);
}

const applyBody = (authCode: string) =>
  JSON.stringify({
    appId: TEST_APP_ID,
    authClientId: TEST_CLIENT_ID,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  });

describe('applyToken with grantType AUTHORIZATION_CODE', () => {
  it('exchanges a fresh v2 authCode for a token pair with ISO 8601 expiry times and a 20-digit customerId', async () => {
    const before = Date.now();
    const answer = await login(['auth_user']);
    expect(answer.result).toEqual({
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      resultMessage: 'success',
    });
    expect(answer.accessToken).toMatch(/^[A-Za-z0-9]{20,128}$/);
    expect(answer.refreshToken).toMatch(/^[A-Za-z0-9]{20,128}$/);
    expect(answer.refreshToken).not.toBe(answer.accessToken);
    expect(answer.customerId).toMatch(/^\d{20}$/);
    expect(answer.accessTokenExpiryTime).toMatch(ISO_WITH_OFFSET);
    expect(answer.refreshTokenExpiryTime).toMatch(ISO_WITH_OFFSET);
    const accessExpiry = Date.parse(answer.accessTokenExpiryTime!);
    const refreshExpiry = Date.parse(answer.refreshTokenExpiryTime!);
    expect(accessExpiry).toBeGreaterThanOrEqual(before + 60 * MINUTE - 1000);
    expect(accessExpiry).toBeLessThanOrEqual(Date.now() + 60 * MINUTE);
    expect(refreshExpiry).toBeGreaterThanOrEqual(before + 30 * DAY - 1000);
    expect(refreshExpiry).toBeLessThanOrEqual(Date.now() + 30 * DAY);
  });

  it('signs a raw answer with the platform key over the request path, the Client-Id and the Response-Time header', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const body = applyBody(await t.issueCode('ana', ['auth_base']));
    const answer = await rawPost(path, body, signedHeaders(path, body));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body.result).toEqual({
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      resultMessage: 'success',
    });
    expectSignedByPlatform(path, answer, TEST_CLIENT_ID);
  });

  it('refuses a response whose signature does not verify with the platform public key the client trusts', async () => {
    const code = await t.issueCode('ana', ['auth_base']);
    const client = t.clientWith({ platformPublicKey: testKeys().stranger.publicKey });
    await expect(exchange(code, client)).rejects.toThrow(/response signature does not verify/);
  });

  it('gives the same customerId to one user on every login to an app, and a different one in another app', async () => {
    const first = await login(['auth_base'], 'ana');
    const second = await login(['auth_user'], 'ana');
    const otherUser = await login(['auth_base'], 'bruno');
    expect(second.customerId).toBe(first.customerId);
    expect(otherUser.customerId).not.toBe(first.customerId);

    const other = createOpenApiClient({
      gatewayUrl: t.url,
      clientId: OTHER_CLIENT_ID,
      privateKey: testKeys().other.privateKey,
      platformPublicKey: t.platform.keys.publicKey,
    });
    const otherCode = await t.issueCode('ana', ['auth_base'], OTHER_APP_ID);
    const inOtherApp = await other.applyToken({
      appId: OTHER_APP_ID,
      authClientId: OTHER_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode: otherCode,
    });
    expect(inOtherApp.customerId).toMatch(/^\d{20}$/);
    expect(inOtherApp.customerId).not.toBe(first.customerId);
  });

  it('answers USED_AUTHCODE when a v2 authCode is exchanged a second time', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    await exchange(code);
    const error = await failure(exchange(code));
    expect(wire(error)).toEqual({ resultCode: 'USED_AUTHCODE', resultStatus: 'F' });
  });

  it('exchanges a v1 authCode once and answers USED_CODE on the replay', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    const request = {
      referenceClientId: TEST_APP_ID,
      grantType: 'AUTHORIZATION_CODE' as const,
      authCode: code,
      extendInfo: V1_EXTEND_INFO,
    };
    const first = await t.client.applyTokenV1(request);
    expect(first.result.resultCode).toBe('SUCCESS');
    expect(first.customerId).toMatch(/^\d{20}$/);
    const error = await failure(t.client.applyTokenV1(request));
    expect(wire(error)).toEqual({ resultCode: 'USED_CODE', resultStatus: 'F' });
    expect(error.code).toBe('USED_AUTHCODE');
  });

  it('refuses a v1 exchange without customerBelongsTo in extendInfo with PARAM_ILLEGAL naming extendInfo', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    const error = await failure(
      t.client.applyTokenV1({
        referenceClientId: TEST_APP_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: code,
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(error.resultMessage).toMatch(/^extendInfo /);
    // The code was not spent by the refused call.
    const answer = await t.client.applyTokenV1({
      referenceClientId: TEST_APP_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode: code,
      extendInfo: V1_EXTEND_INFO,
    });
    expect(answer.result.resultCode).toBe('SUCCESS');
  });

  it('answers INVALID_AUTHCODE (v2) and INVALID_CODE (v1) for an authCode the platform never issued', async () => {
    const unknown = '2810UNKNOWNCODE0000000000000000';
    expect(wire(await failure(exchange(unknown)))).toEqual({
      resultCode: 'INVALID_AUTHCODE',
      resultStatus: 'F',
    });
    const v1 = await failure(
      t.client.applyTokenV1({
        grantType: 'AUTHORIZATION_CODE',
        authCode: unknown,
        extendInfo: V1_EXTEND_INFO,
      }),
    );
    expect(wire(v1)).toEqual({ resultCode: 'INVALID_CODE', resultStatus: 'F' });
  });

  it('answers EXPIRED_AUTHCODE (v2) and EXPIRED_CODE (v1) for codes older than five minutes on the sandbox clock', async () => {
    const v2Code = await t.issueCode('ana', ['auth_user']);
    const v1Code = await t.issueCode('ana', ['auth_user']);
    await t.platform.clock.advance(6 * MINUTE);
    expect(wire(await failure(exchange(v2Code)))).toEqual({
      resultCode: 'EXPIRED_AUTHCODE',
      resultStatus: 'F',
    });
    const v1 = await failure(
      t.client.applyTokenV1({
        referenceClientId: TEST_APP_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: v1Code,
        extendInfo: V1_EXTEND_INFO,
      }),
    );
    expect(wire(v1)).toEqual({ resultCode: 'EXPIRED_CODE', resultStatus: 'F' });
  });

  it('answers INVALID_AUTHCODE when the v2 appId is not the app the code was issued to', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    const error = await failure(
      t.client.applyToken({
        appId: OTHER_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: code,
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'INVALID_AUTHCODE', resultStatus: 'F' });
  });

  it('answers REFERENCE_CLIENT_ID_NOT_MATCH when the v1 referenceClientId is not the app the code was issued to', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    const error = await failure(
      t.client.applyTokenV1({
        referenceClientId: OTHER_APP_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: code,
        extendInfo: V1_EXTEND_INFO,
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'REFERENCE_CLIENT_ID_NOT_MATCH', resultStatus: 'F' });
  });

  it("answers INVALID_AUTHCODE when a merchant exchanges a code issued to another merchant's app", async () => {
    const code = await t.issueCode('ana', ['auth_user'], OTHER_APP_ID);
    const error = await failure(
      t.client.applyToken({
        appId: OTHER_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: code,
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'INVALID_AUTHCODE', resultStatus: 'F' });
  });

  it('answers INVALID_AUTH_CLIENT when authClientId is not the Client-Id that signed the request', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    const error = await failure(
      t.client.applyToken({
        appId: TEST_APP_ID,
        authClientId: OTHER_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: code,
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'INVALID_AUTH_CLIENT', resultStatus: 'F' });
  });

  it('lets exactly one of two concurrent exchanges of one authCode succeed and answers USED_AUTHCODE to the other', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    const body = applyBody(code);
    const [a, b] = await Promise.all([
      t.client.send<ApplyTokenResponse>(OPENAPI_PATHS.applyTokenV2, body),
      t.client.send<ApplyTokenResponse>(OPENAPI_PATHS.applyTokenV2, body),
    ]);
    const codes = [a.body.result.resultCode, b.body.result.resultCode].sort();
    expect(codes).toEqual(['SUCCESS', 'USED_AUTHCODE']);
    expect(await t.platform.events.list({ type: 'token.issued' })).toHaveLength(1);
  });
});

describe('request authentication', () => {
  it('answers INVALID_SIGNATURE when the request is signed with a private key that is not registered', async () => {
    const client = t.clientWith({ privateKey: testKeys().stranger.privateKey });
    const error = await failure(exchange(await t.issueCode('ana', ['auth_base']), client));
    expect(wire(error)).toEqual({ resultCode: 'INVALID_SIGNATURE', resultStatus: 'F' });
  });

  it('answers KEY_NOT_FOUND when the Signature names a keyVersion the client never registered', async () => {
    const client = t.clientWith({ keyVersion: '7' });
    const error = await failure(exchange(await t.issueCode('ana', ['auth_base']), client));
    expect(wire(error)).toEqual({ resultCode: 'KEY_NOT_FOUND', resultStatus: 'F' });
  });

  it('answers INVALID_SIGNATURE, signed, when the Signature header is missing', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const body = applyBody(await t.issueCode('ana', ['auth_base']));
    const { Signature: _omitted, ...headers } = signedHeaders(path, body);
    const answer = await rawPost(path, body, headers);
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({
      resultCode: 'INVALID_SIGNATURE',
      resultStatus: 'F',
    });
    expect(answer.body.result.resultMessage).toMatch(/Signature/);
    expectSignedByPlatform(path, answer, TEST_CLIENT_ID);
  });

  it('answers INVALID_SIGNATURE when the Signature header has no signature part', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const body = applyBody(await t.issueCode('ana', ['auth_base']));
    const answer = await rawPost(path, body, {
      ...signedHeaders(path, body),
      Signature: 'algorithm=RSA256, keyVersion=1',
    });
    expect(answer.body.result).toMatchObject({
      resultCode: 'INVALID_SIGNATURE',
      resultStatus: 'F',
    });
  });

  it('answers PARAM_ILLEGAL, signed, when the Client-Id header is missing', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const body = applyBody(await t.issueCode('ana', ['auth_base']));
    const { 'Client-Id': _omitted, ...headers } = signedHeaders(path, body);
    const answer = await rawPost(path, body, headers);
    expect(answer.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(answer.body.result.resultMessage).toMatch(/Client-Id/);
    expectSignedByPlatform(path, answer, '');
  });

  it('answers INVALID_AUTH_CLIENT when the Client-Id is not registered', async () => {
    const client = t.clientWith({ clientId: '2024NOBODY' });
    const error = await failure(
      client.applyToken({
        appId: TEST_APP_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: await t.issueCode('ana', ['auth_base']),
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'INVALID_AUTH_CLIENT', resultStatus: 'F' });
  });

  it('answers PARAM_ILLEGAL naming Request-Time when the Request-Time is an hour behind or an hour ahead', async () => {
    for (const offset of [-60 * MINUTE, 60 * MINUTE]) {
      const client = t.clientWith({ now: () => Date.now() + offset });
      const error = await failure(exchange(await t.issueCode('ana', ['auth_base']), client));
      expect(wire(error)).toEqual({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
      expect(error.resultMessage).toMatch(/Request-Time/);
    }
  });

  it('answers PARAM_ILLEGAL when the Request-Time is missing or not a time', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const body = applyBody(await t.issueCode('ana', ['auth_base']));
    const { 'Request-Time': _omitted, ...missing } = signedHeaders(path, body);
    expect((await rawPost(path, body, missing)).body.result).toMatchObject({
      resultCode: 'PARAM_ILLEGAL',
      resultStatus: 'F',
    });
    const garbled = signedHeaders(path, body, { requestTime: 'yesterday' });
    const answer = await rawPost(path, body, garbled);
    expect(answer.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(answer.body.result.resultMessage).toMatch(/Request-Time/);
  });

  it('accepts a Request-Time with a +08:00 offset and one in epoch milliseconds', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const now = Date.now();
    const local = new Date(now + 8 * 60 * MINUTE).toISOString().replace(/\.\d{3}Z$/, '+08:00');
    const first = applyBody(await t.issueCode('ana', ['auth_base']));
    expect(
      (await rawPost(path, first, signedHeaders(path, first, { requestTime: local }))).body.result
        .resultCode,
    ).toBe('SUCCESS');
    const second = applyBody(await t.issueCode('ana', ['auth_base']));
    expect(
      (await rawPost(path, second, signedHeaders(path, second, { requestTime: String(now) }))).body
        .result.resultCode,
    ).toBe('SUCCESS');
  });

  it('accepts a Signature header written without spaces after the commas, as the official SDK writes it', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const body = applyBody(await t.issueCode('ana', ['auth_base']));
    const answer = await rawPost(path, body, signedHeaders(path, body, { compact: true }));
    expect(answer.body.result).toEqual({
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      resultMessage: 'success',
    });
  });

  it('serves the same API under /api/open when the request is signed over the prefixed path', async () => {
    const client = t.clientWith({ gatewayUrl: `${t.url}/api/open` });
    const answer = await exchange(await t.issueCode('ana', ['auth_base']), client);
    expect(answer.result.resultCode).toBe('SUCCESS');
    const info = await client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: answer.accessToken!,
    });
    expect(info.userInfo?.userId).toBe(answer.customerId);
  });

  it('answers INVALID_SIGNATURE when a request posted to /api/open was signed over the path without the prefix', async () => {
    const path = `/api/open${OPENAPI_PATHS.applyTokenV2}`;
    const body = applyBody(await t.issueCode('ana', ['auth_base']));
    const answer = await rawPost(
      path,
      body,
      signedHeaders(path, body, { signedPath: OPENAPI_PATHS.applyTokenV2 }),
    );
    expect(answer.body.result).toMatchObject({
      resultCode: 'INVALID_SIGNATURE',
      resultStatus: 'F',
    });
    expectSignedByPlatform(path, answer, TEST_CLIENT_ID);
  });

  it('verifies the signature over the raw body bytes, so odd whitespace signed as sent passes and a re-serialised body fails', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const code = await t.issueCode('ana', ['auth_base']);
    const spaced = `{ "appId" : "${TEST_APP_ID}",\n  "authClientId": "${TEST_CLIENT_ID}", "grantType": "AUTHORIZATION_CODE", "authCode": "${code}" }`;
    const tampered = await rawPost(
      path,
      spaced,
      signedHeaders(path, spaced, { signedBody: applyBody(code) }),
    );
    expect(tampered.body.result).toMatchObject({
      resultCode: 'INVALID_SIGNATURE',
      resultStatus: 'F',
    });
    const exact = await rawPost(path, spaced, signedHeaders(path, spaced));
    expect(exact.body.result.resultCode).toBe('SUCCESS');
  });

  it('verifies a body holding non-ASCII text over its UTF-8 bytes', async () => {
    const code = await t.issueCode('ana', ['auth_base']);
    const answer = await t.client.applyToken({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode: code,
      extendInfo: JSON.stringify({ memo: 'café ☕ 東京 😀' }),
    });
    expect(answer.result.resultCode).toBe('SUCCESS');
  });

  it('lets a request with a bad signature through, with an X-Sandbox-Warning header, for a client in signature mode warn', async () => {
    const lenient = await startTestPlatform({
      seed: { clients: [{ ...testClient(testKeys().merchant.publicKey), signatureMode: 'warn' }] },
    });
    try {
      const path = OPENAPI_PATHS.applyTokenV2;
      const body = applyBody(await lenient.issueCode('ana', ['auth_base']));
      const response = await fetch(`${lenient.url}${path}`, {
        method: 'POST',
        headers: signedHeaders(path, body, { privateKey: testKeys().stranger.privateKey }),
        body,
      });
      const answer = (await response.json()) as OpenApiResponse;
      expect(answer.result.resultCode).toBe('SUCCESS');
      expect(response.headers.get('x-sandbox-warning')).toMatch(/^INVALID_SIGNATURE: /);
    } finally {
      await lenient.close();
    }
  });

  it('does not check the signature of a client in signature mode off', async () => {
    const open = await startTestPlatform({
      seed: { clients: [{ ...testClient(testKeys().merchant.publicKey), signatureMode: 'off' }] },
    });
    try {
      const path = OPENAPI_PATHS.applyTokenV2;
      const body = applyBody(await open.issueCode('ana', ['auth_base']));
      const response = await fetch(`${open.url}${path}`, {
        method: 'POST',
        headers: { 'Client-Id': TEST_CLIENT_ID },
        body,
      });
      expect(((await response.json()) as OpenApiResponse).result.resultCode).toBe('SUCCESS');
      expect(response.headers.get('x-sandbox-warning')).toBeNull();
    } finally {
      await open.close();
    }
  });

  it('includes the query string in the signed path', async () => {
    const answer = await t.client.send<ApplyTokenResponse>(
      `${OPENAPI_PATHS.applyTokenV2}?trace=abc`,
      applyBody(await t.issueCode('ana', ['auth_base'])),
    );
    expect(answer.body.result.resultCode).toBe('SUCCESS');
  });
});

describe('malformed requests', () => {
  it('answers PARAM_ILLEGAL naming the body when the body is not JSON', async () => {
    const { body } = await t.client.send(
      OPENAPI_PATHS.applyTokenV2,
      '{"grantType": "AUTHORIZATION_CODE",',
    );
    expect(body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(body.result.resultMessage).toMatch(/^body /);
  });

  it('answers PARAM_ILLEGAL naming the body when the body is empty or a JSON array', async () => {
    for (const raw of ['', '[]']) {
      const { body } = await t.client.send(OPENAPI_PATHS.applyTokenV2, raw);
      expect(body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
      expect(body.result.resultMessage).toMatch(/^body /);
    }
  });

  it('answers PARAM_ILLEGAL naming grantType when grantType is not AUTHORIZATION_CODE or REFRESH_TOKEN', async () => {
    const raw = JSON.stringify({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      grantType: 'PASSWORD',
      authCode: 'X',
    });
    const { body } = await t.client.send(OPENAPI_PATHS.applyTokenV2, raw);
    expect(body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(body.result.resultMessage).toMatch(/^grantType /);
  });

  it('answers PARAM_ILLEGAL naming authCode when the authCode holds an @', async () => {
    const error = await failure(exchange('2810ABC@DEF'));
    expect(wire(error)).toEqual({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(error.resultMessage).toMatch(/^authCode /);
  });

  it('answers PARAM_ILLEGAL naming authCode when a v2 authCode is longer than 64 characters', async () => {
    const error = await failure(exchange('A'.repeat(65)));
    expect(wire(error)).toEqual({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(error.resultMessage).toMatch(/^authCode .*64/);
    // 64 characters is allowed: the code is then simply unknown.
    expect(wire(await failure(exchange('A'.repeat(64))))).toEqual({
      resultCode: 'INVALID_AUTHCODE',
      resultStatus: 'F',
    });
  });

  it('answers PARAM_ILLEGAL naming the field when authCode is missing or not a string', async () => {
    const missing = await t.client.send(
      OPENAPI_PATHS.applyTokenV2,
      JSON.stringify({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
      }),
    );
    expect(missing.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(missing.body.result.resultMessage).toMatch(/^authCode /);
    const numeric = await t.client.send(
      OPENAPI_PATHS.applyTokenV2,
      JSON.stringify({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: 12345,
      }),
    );
    expect(numeric.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(numeric.body.result.resultMessage).toMatch(/^authCode /);
  });

  it('answers PARAM_ILLEGAL naming the body, signed, when the body is larger than 64 kB', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const body = JSON.stringify({
      grantType: 'AUTHORIZATION_CODE',
      authCode: 'X',
      extendInfo: JSON.stringify({ memo: 'x'.repeat(70_000) }),
    });
    const answer = await rawPost(path, body, signedHeaders(path, body));
    expect(answer.body.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(answer.body.result.resultMessage).toMatch(/^body /);
    expectSignedByPlatform(path, answer, TEST_CLIENT_ID);
  });

  it('answers INVALID_API, still signed, for a path the gateway does not serve', async () => {
    for (const path of ['/v2/foo/bar', '/api/open/v1/foo/bar', '/V2/authorizations/applyToken']) {
      const { body } = await t.client.send(path, '{}');
      expect(body.result).toMatchObject({ resultCode: 'INVALID_API', resultStatus: 'F' });
      const answer = await rawPost(path, '{}', signedHeaders(path, '{}'));
      expect(answer.status).toBe(200);
      expect(answer.body.result).toMatchObject({ resultCode: 'INVALID_API', resultStatus: 'F' });
      expectSignedByPlatform(path, answer, TEST_CLIENT_ID);
    }
  });
});

describe('applyToken with grantType REFRESH_TOKEN', () => {
  it('rotates the pair: the new access token works, for the same customerId', async () => {
    const first = await login(['auth_user']);
    const second = await t.client.applyToken({
      grantType: 'REFRESH_TOKEN',
      refreshToken: first.refreshToken!,
    });
    expect(second.result).toEqual({
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      resultMessage: 'success',
    });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.customerId).toBe(first.customerId);
    expect(second.accessTokenExpiryTime).toMatch(ISO_WITH_OFFSET);
    const info = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: second.accessToken!,
    });
    expect(info.userInfo?.nickName).toBe('Ana');
    // The rotated refresh token rotates again.
    const third = await t.client.applyToken({
      grantType: 'REFRESH_TOKEN',
      refreshToken: second.refreshToken!,
    });
    expect(third.customerId).toBe(first.customerId);
  });

  it('answers USED_REFRESH_TOKEN to a refresh token already used, and INVALID_ACCESS_TOKEN to the access token it replaced', async () => {
    const first = await login(['auth_user']);
    await t.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: first.refreshToken! });
    const reused = await failure(
      t.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: first.refreshToken! }),
    );
    expect(wire(reused)).toEqual({ resultCode: 'USED_REFRESH_TOKEN', resultStatus: 'F' });
    const stale = await failure(
      t.client.inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: first.accessToken!,
      }),
    );
    expect(wire(stale)).toEqual({ resultCode: 'INVALID_ACCESS_TOKEN', resultStatus: 'F' });
  });

  it('answers INVALID_REFRESH_TOKEN to a refresh token that was never issued', async () => {
    const error = await failure(
      t.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: '2810RTNOTAREALTOKEN' }),
    );
    expect(wire(error)).toEqual({ resultCode: 'INVALID_REFRESH_TOKEN', resultStatus: 'F' });
  });

  it('answers INVALID_REFRESH_TOKEN when a merchant uses a refresh token issued to another merchant', async () => {
    const code = await t.issueCode('ana', ['auth_user'], OTHER_APP_ID);
    const other = t.clientWith({
      clientId: OTHER_CLIENT_ID,
      privateKey: testKeys().other.privateKey,
    });
    const pair = await other.applyToken({
      appId: OTHER_APP_ID,
      authClientId: OTHER_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode: code,
    });
    const error = await failure(
      t.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: pair.refreshToken! }),
    );
    expect(wire(error)).toEqual({ resultCode: 'INVALID_REFRESH_TOKEN', resultStatus: 'F' });
    const stolen = await failure(
      t.client.inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken!,
      }),
    );
    expect(wire(stolen)).toEqual({ resultCode: 'INVALID_ACCESS_TOKEN', resultStatus: 'F' });
  });

  it('answers EXPIRED_REFRESH_TOKEN to a refresh token older than 30 days on the sandbox clock', async () => {
    const first = await login(['auth_user']);
    await t.platform.clock.advance(31 * DAY);
    const error = await failure(
      t.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: first.refreshToken! }),
    );
    expect(wire(error)).toEqual({ resultCode: 'EXPIRED_REFRESH_TOKEN', resultStatus: 'F' });
  });

  it("refuses a refresh whose appId is not the token's app without spending the refresh token", async () => {
    const first = await login(['auth_user']);
    const error = await failure(
      t.client.applyToken({
        appId: OTHER_APP_ID,
        grantType: 'REFRESH_TOKEN',
        refreshToken: first.refreshToken!,
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
    expect(error.resultMessage).toMatch(/^appId /);
    // A refused request changes nothing: the refresh token and the access token still work.
    const info = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: first.accessToken!,
    });
    expect(info.userInfo?.nickName).toBe('Ana');
    const second = await t.client.applyToken({
      appId: TEST_APP_ID,
      grantType: 'REFRESH_TOKEN',
      refreshToken: first.refreshToken!,
    });
    expect(second.result.resultCode).toBe('SUCCESS');
  });

  it('lets exactly one of two concurrent refreshes with one refresh token succeed and answers USED_REFRESH_TOKEN to the other', async () => {
    const first = await login(['auth_user']);
    const body = JSON.stringify({ grantType: 'REFRESH_TOKEN', refreshToken: first.refreshToken });
    const answers = await Promise.all([
      t.client.send<ApplyTokenResponse>(OPENAPI_PATHS.applyTokenV2, body),
      t.client.send<ApplyTokenResponse>(OPENAPI_PATHS.applyTokenV2, body),
    ]);
    expect(answers.map((a) => a.body.result.resultCode).sort()).toEqual([
      'SUCCESS',
      'USED_REFRESH_TOKEN',
    ]);
  });

  it('answers AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE when the client is not registered for REFRESH_TOKEN', async () => {
    const limited = await startTestPlatform({
      seed: {
        clients: [
          { ...testClient(testKeys().merchant.publicKey), grantTypes: ['AUTHORIZATION_CODE'] },
        ],
      },
    });
    try {
      const code = await limited.issueCode('ana', ['auth_user']);
      const pair = await limited.client.applyToken({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: code,
      });
      const error = await failure(
        limited.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: pair.refreshToken! }),
      );
      expect(wire(error)).toEqual({
        resultCode: 'AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE',
        resultStatus: 'F',
      });
    } finally {
      await limited.close();
    }
  });

  it('refreshes through v1 with extendInfo', async () => {
    const first = await login(['auth_user']);
    const second = await t.client.applyTokenV1({
      grantType: 'REFRESH_TOKEN',
      refreshToken: first.refreshToken!,
      extendInfo: V1_EXTEND_INFO,
    });
    expect(second.result.resultCode).toBe('SUCCESS');
    expect(second.customerId).toBe(first.customerId);
  });
});

describe('inquiryUserInfo', () => {
  it('returns the basic profile for an auth_user token and no contact details', async () => {
    const pair = await login(['auth_user']);
    const { result, userInfo } = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(result).toEqual({ resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' });
    expect(userInfo).toMatchObject({
      userId: pair.customerId,
      status: 'ACTIVE',
      nickName: 'Ana',
      userName: {
        fullName: 'Ana Lucía García Torres',
        firstName: 'Ana Lucía',
        lastName: 'García Torres',
      },
      gender: 'FEMALE',
      birthDate: '1990-04-17',
      nationality: 'MX',
    });
    expect(userInfo?.avatar).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(userInfo).not.toHaveProperty('contactInfos');
    expect(userInfo).not.toHaveProperty('loginIdInfos');
    expect(userInfo).not.toHaveProperty('kycInfo');
  });

  it('returns contactInfos for a USER_CONTACTINFO token and no profile fields', async () => {
    const pair = await login(['USER_CONTACTINFO']);
    const { userInfo } = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(userInfo?.userId).toBe(pair.customerId);
    expect(userInfo?.contactInfos).toEqual([
      { contactNo: '+52 55 1234 5678', contactType: 'MOBILE_PHONE' },
      { contactNo: 'ana.garcia@example.mx', contactType: 'EMAIL' },
    ]);
    expect(userInfo).not.toHaveProperty('nickName');
    expect(userInfo).not.toHaveProperty('userName');
  });

  it('returns only the phone number for a PLAINTEXT_MOBILE_PHONE token', async () => {
    const pair = await login(['PLAINTEXT_MOBILE_PHONE']);
    const { userInfo } = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(userInfo?.contactInfos).toEqual([
      { contactNo: '+52 55 1234 5678', contactType: 'MOBILE_PHONE' },
    ]);
    expect(userInfo).not.toHaveProperty('nickName');
  });

  it('returns only the user ID for an auth_base token', async () => {
    const pair = await login(['auth_base']);
    const { userInfo } = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(userInfo).toEqual({ userId: pair.customerId, status: 'ACTIVE' });
  });

  it('answers EXPIRED_ACCESS_TOKEN once the access token is older than 60 minutes on the sandbox clock', async () => {
    const pair = await login(['auth_user']);
    await t.platform.clock.advance(61 * MINUTE);
    const error = await failure(
      t.client.inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken!,
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'EXPIRED_ACCESS_TOKEN', resultStatus: 'F' });
    // The refresh token still gets a fresh access token.
    const fresh = await t.client.applyToken({
      grantType: 'REFRESH_TOKEN',
      refreshToken: pair.refreshToken!,
    });
    const info = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: fresh.accessToken!,
    });
    expect(info.userInfo?.nickName).toBe('Ana');
  });

  it('answers INVALID_ACCESS_TOKEN to an access token that was never issued', async () => {
    const error = await failure(
      t.client.inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: '2810ATNOTAREALTOKEN',
      }),
    );
    expect(wire(error)).toEqual({ resultCode: 'INVALID_ACCESS_TOKEN', resultStatus: 'F' });
  });

  it('serves v1 at /v1/customers/user/inquiryUserInfoByAccessToken', async () => {
    const pair = await login(['auth_user']);
    const { result, userInfo } = await t.client.inquiryUserInfoV1({
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
      extendInfo: '{}',
    });
    expect(result).toEqual({ resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' });
    expect(userInfo).toMatchObject({ userId: pair.customerId, nickName: 'Ana' });
  });
});

describe('revoke', () => {
  it('v2 revoke kills the access token and the refresh token', async () => {
    const pair = await login(['auth_user']);
    const answer = await t.client.revoke({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(answer.result).toEqual({
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      resultMessage: 'success',
    });
    const inquiry = await failure(
      t.client.inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken!,
      }),
    );
    expect(wire(inquiry)).toEqual({ resultCode: 'INVALID_ACCESS_TOKEN', resultStatus: 'F' });
    const refresh = await failure(
      t.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: pair.refreshToken! }),
    );
    expect(wire(refresh)).toEqual({ resultCode: 'INVALID_REFRESH_TOKEN', resultStatus: 'F' });
    const again = await failure(
      t.client.revoke({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken!,
      }),
    );
    expect(wire(again)).toEqual({ resultCode: 'INVALID_ACCESS_TOKEN', resultStatus: 'F' });
  });

  it('v1 cancelToken kills the access token and the refresh token', async () => {
    const pair = await login(['auth_user']);
    const answer = await t.client.cancelTokenV1({
      accessToken: pair.accessToken!,
      extendInfo: V1_EXTEND_INFO,
    });
    expect(answer.result).toEqual({
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      resultMessage: 'success',
    });
    const inquiry = await failure(t.client.inquiryUserInfoV1({ accessToken: pair.accessToken! }));
    expect(wire(inquiry)).toEqual({ resultCode: 'INVALID_ACCESS_TOKEN', resultStatus: 'F' });
    const refresh = await failure(
      t.client.applyTokenV1({
        grantType: 'REFRESH_TOKEN',
        refreshToken: pair.refreshToken!,
        extendInfo: V1_EXTEND_INFO,
      }),
    );
    expect(wire(refresh)).toEqual({ resultCode: 'INVALID_REFRESH_TOKEN', resultStatus: 'F' });
  });
  it('revokes an access token that has only expired, so its refresh token dies too', async () => {
    const pair = await login(['auth_user']);
    await t.platform.clock.advance(61 * MINUTE);
    const answer = await t.client.revoke({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(answer.result.resultCode).toBe('SUCCESS');
    const refresh = await failure(
      t.client.applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: pair.refreshToken! }),
    );
    expect(wire(refresh)).toEqual({ resultCode: 'INVALID_REFRESH_TOKEN', resultStatus: 'F' });
  });

  it("refuses to revoke with an appId that is not the token's app, and the token keeps working", async () => {
    const pair = await login(['auth_user']);
    const refused = await failure(
      t.client.revoke({
        appId: OTHER_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken!,
      }),
    );
    expect(wire(refused)).toEqual({ resultCode: 'INVALID_ACCESS_TOKEN', resultStatus: 'F' });
    const info = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(info.result.resultCode).toBe('SUCCESS');
  });
});

describe('durability', () => {
  it('keeps issued tokens and spent codes across a restart on the same data folder', async () => {
    const code = await t.issueCode('ana', ['auth_user']);
    const pair = await exchange(code);
    t = await t.restart();
    const info = await t.client.inquiryUserInfo({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken!,
    });
    expect(info.userInfo?.userId).toBe(pair.customerId);
    expect(wire(await failure(exchange(code)))).toEqual({
      resultCode: 'USED_AUTHCODE',
      resultStatus: 'F',
    });
  });

  embeddedOnly(
    'keeps an acknowledged token exchange when the platform process is killed with SIGKILL',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mp-platform-kill-'));
      const children: ChildProcess[] = [];
      try {
        installPlatformKeys(join(dir, 'keys'));
        const configFile = join(dir, 'config.json');
        const { apps, clients } = testSeed();
        writeFileSync(configFile, JSON.stringify({ apps, clients }, null, 2));
        const env = {
          ...process.env,
          SANDBOX_HOST: '127.0.0.1',
          SANDBOX_DATA_DIR: dir,
          SANDBOX_CONFIG: configFile,
          PLATFORM_PORT: '0',
        };

        const first = await spawnPlatform(env, children);
        const client = createOpenApiClient({
          gatewayUrl: first.url,
          clientId: TEST_CLIENT_ID,
          privateKey: testKeys().merchant.privateKey,
          platformPublicKey: testKeys().platform.publicKey,
        });
        const issued = await fetch(`${first.url}/sandbox/v1/authcodes`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ appId: TEST_APP_ID, userId: 'bruno', scopes: ['auth_user'] }),
        });
        expect(issued.status).toBe(201);
        const { authCode } = (await issued.json()) as { authCode: string };
        const pair = await client.applyToken({
          appId: TEST_APP_ID,
          authClientId: TEST_CLIENT_ID,
          grantType: 'AUTHORIZATION_CODE',
          authCode,
        });
        await kill(first.child);

        const second = await spawnPlatform(env, children);
        const restarted = createOpenApiClient({
          gatewayUrl: second.url,
          clientId: TEST_CLIENT_ID,
          privateKey: testKeys().merchant.privateKey,
          platformPublicKey: testKeys().platform.publicKey,
        });
        const info = await restarted.inquiryUserInfo({
          appId: TEST_APP_ID,
          authClientId: TEST_CLIENT_ID,
          accessToken: pair.accessToken!,
        });
        expect(info.userInfo).toMatchObject({ userId: pair.customerId, nickName: 'Bruninho' });
        const replay = await failure(
          restarted.applyToken({
            appId: TEST_APP_ID,
            authClientId: TEST_CLIENT_ID,
            grantType: 'AUTHORIZATION_CODE',
            authCode,
          }),
        );
        expect(wire(replay)).toEqual({ resultCode: 'USED_AUTHCODE', resultStatus: 'F' });
        await kill(second.child);
      } finally {
        for (const child of children)
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

/** Starts `apps/platform/src/main.ts` as its own process and resolves with its URL once it listens. */
function spawnPlatform(
  env: NodeJS.ProcessEnv,
  started: ChildProcess[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/platform/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`the platform did not start within 15 s:\n${output}`)),
      15_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /platform ready at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited (${code ?? signal}) before it listened:\n${output}`));
    });
  });
}

/** SIGKILL: no shutdown hook runs, so only what was synced to disk survives. */
function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
