/**
 * As strict as production: v2 inquiryUserInfo and revoke need appId and authClientId;
 * REQUEST_TRAFFIC_EXCEED_LIMIT has each version's status; every rule the sandbox enforces can be
 * set per sandbox or app to refuse, warn or off; POST /sandbox/v1/authcodes applies the rules too.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformApiError } from '@mp-sandbox/openapi-client';
import { CONTROL_PATHS, DEFAULT_RULES, OPENAPI_PATHS } from '../deps.js';
import {
  controlCall,
  GRANTABLE_SCOPES,
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testApp,
  testKeys,
  type TestPlatform,
} from '../testing/testPlatform.js';

let t: TestPlatform;
const RELAXED_APP = 'RELAXEDAPP01';
const HOUR = 60 * 60_000;

beforeEach(async () => {
  t = await startTestPlatform({
    seed: {
      apps: [
        {
          ...testApp(RELAXED_APP, TEST_CLIENT_ID, GRANTABLE_SCOPES),
          rules: { signature: 'off', basicAndPhone: 'warn' },
        },
      ],
    },
  });
});

afterEach(async () => {
  await t.close();
});

async function failure(call: Promise<unknown>): Promise<PlatformApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PlatformApiError))
    throw new Error(`expected a gateway failure, got ${String(error)}`);
  return error;
}

async function tokens(appId = TEST_APP_ID) {
  const authCode = await t.issueCode('ana', ['auth_user'], appId);
  return t.client.applyToken({
    appId,
    authClientId: TEST_CLIENT_ID,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  });
}

describe('v2 inquiryUserInfo and revoke', () => {
  it.each([
    ['inquiryUserInfo', OPENAPI_PATHS.inquiryUserInfoV2],
    ['revoke', OPENAPI_PATHS.revokeV2],
  ])(
    '%s refuses a request without appId or without authClientId, naming the field',
    async (_name, path) => {
      const { accessToken } = await tokens();
      for (const [missing, body] of [
        ['appId', { authClientId: TEST_CLIENT_ID, accessToken }],
        ['authClientId', { appId: TEST_APP_ID, accessToken }],
      ] as const) {
        const { body: answer } = await t.client.send(path, JSON.stringify(body));
        expect(answer.result).toMatchObject({ resultCode: 'PARAM_ILLEGAL', resultStatus: 'F' });
        expect(answer.result.resultMessage).toContain(
          `${missing} is required when calling a v2 API`,
        );
      }
    },
  );

  it('v1 needs neither', async () => {
    const { accessToken } = await tokens();
    const info = await t.client.inquiryUserInfoV1({ accessToken: accessToken! });
    expect(info.result.resultCode).toBe('SUCCESS');
    expect((await t.client.cancelTokenV1({ accessToken: accessToken! })).result.resultCode).toBe(
      'SUCCESS',
    );
  });
});

describe('REQUEST_TRAFFIC_EXCEED_LIMIT', () => {
  it("is F in v2 and U in v1, as each version's table gives it", async () => {
    const arm = () =>
      controlCall(t.url, 'POST', CONTROL_PATHS.faults, {
        api: 'applyToken',
        resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT',
      });
    await arm();
    const v2 = await failure(
      t.client.applyToken({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: 'x',
      }),
    );
    expect({ code: v2.resultCode, status: v2.resultStatus }).toEqual({
      code: 'REQUEST_TRAFFIC_EXCEED_LIMIT',
      status: 'F',
    });
    await arm();
    const v1 = await failure(
      t.client.applyTokenV1({
        grantType: 'AUTHORIZATION_CODE',
        authCode: 'x',
        extendInfo: '{"customerBelongsTo":"SANDBOX"}',
      }),
    );
    expect({ code: v1.resultCode, status: v1.resultStatus }).toEqual({
      code: 'REQUEST_TRAFFIC_EXCEED_LIMIT',
      status: 'U',
    });
  });
});

describe('rule modes', () => {
  const stale = () => Date.now() - 2 * HOUR;

  it('start as production: basic-and-phone, Request-Time and signature refuse, first-screen warns', async () => {
    const { body } = await controlCall<{ rules: unknown }>(t.url, 'GET', CONTROL_PATHS.rules);
    expect(body.rules).toEqual(DEFAULT_RULES);
    const app = await controlCall<{ rules: unknown }>(
      t.url,
      'GET',
      `${CONTROL_PATHS.rules}?appId=${RELAXED_APP}`,
    );
    expect(app.body.rules).toEqual({ ...DEFAULT_RULES, signature: 'off', basicAndPhone: 'warn' });
  });

  it('Request-Time: refuse answers PARAM_ILLEGAL, warn lets it through with a warning, off lets it through quietly', async () => {
    const late = t.clientWith({ now: stale });
    const refused = await failure(
      tokens().then(() =>
        late.inquiryUserInfo({
          appId: TEST_APP_ID,
          authClientId: TEST_CLIENT_ID,
          accessToken: 'x',
        }),
      ),
    );
    expect(refused.resultCode).toBe('PARAM_ILLEGAL');
    expect(refused.resultMessage).toMatch(/Request-Time .* away from the platform clock/);

    expect(
      (await controlCall(t.url, 'POST', CONTROL_PATHS.rules, { rules: { requestTime: 'warn' } }))
        .status,
    ).toBe(200);
    const { accessToken } = await tokens();
    const { headers, body } = await late.send(
      OPENAPI_PATHS.inquiryUserInfoV2,
      JSON.stringify({ appId: TEST_APP_ID, authClientId: TEST_CLIENT_ID, accessToken }),
    );
    expect(body.result.resultCode).toBe('SUCCESS');
    expect(headers.get('x-sandbox-warning')).toMatch(/PARAM_ILLEGAL: header Request-Time/);
    const warnings = (await t.platform.events.list({ type: 'rule.warning' })).map(
      (e) => e.data['rule'],
    );
    expect(warnings).toContain('request-time');

    await controlCall(t.url, 'POST', CONTROL_PATHS.rules, { rules: { requestTime: 'off' } });
    const quiet = await late.send(
      OPENAPI_PATHS.inquiryUserInfoV2,
      JSON.stringify({ appId: TEST_APP_ID, authClientId: TEST_CLIENT_ID, accessToken }),
    );
    expect(quiet.body.result.resultCode).toBe('SUCCESS');
    expect(quiet.headers.get('x-sandbox-warning')).toBeNull();
  });

  it('signature: an app whose rule is off takes an unverifiable signature; the others still refuse it', async () => {
    const stranger = t.clientWith({ privateKey: testKeys().stranger.privateKey });
    const relaxedCode = await t.issueCode('ana', ['auth_base'], RELAXED_APP);
    const relaxed = await stranger.applyToken({
      appId: RELAXED_APP,
      authClientId: TEST_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode: relaxedCode,
    });
    expect(relaxed.result.resultCode).toBe('SUCCESS');
    const strictCode = await t.issueCode('ana', ['auth_base']);
    const refused = await failure(
      stranger.applyToken({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: strictCode,
      }),
    );
    expect(refused.resultCode).toBe('INVALID_SIGNATURE');
  });

  it('refuses rules that are not rules or modes, naming what exists', async () => {
    const bad = await controlCall(t.url, 'POST', CONTROL_PATHS.rules, {
      rules: { signature: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('modes are refuse, warn, off');
    const unknown = await controlCall(t.url, 'POST', CONTROL_PATHS.rules, {
      rules: { colour: 'off' },
    });
    expect(unknown.body.message).toContain(
      'rules are basicAndPhone, firstScreen, requestTime, signature',
    );
  });
});

describe("POST /sandbox/v1/authcodes applies the wallet's rules", () => {
  const basicAndPhone = ['auth_user', 'PLAINTEXT_MOBILE_PHONE'];

  it('refuses basic info plus phone with CONSENT_CONFLICT naming the scopes on each side', async () => {
    const { status, body } = await controlCall(t.url, 'POST', CONTROL_PATHS.authCodes, {
      appId: TEST_APP_ID,
      userId: 'ana',
      scopes: basicAndPhone,
    });
    expect(status).toBe(400);
    expect(body.error).toBe('CONSENT_CONFLICT');
    expect(body.message).toContain(
      'basic user info (auth_user) and scopes that reveal the phone number (PLAINTEXT_MOBILE_PHONE: your phone number)',
    );
  });

  it('issues the code when told not to apply the rules', async () => {
    const { status } = await controlCall(t.url, 'POST', CONTROL_PATHS.authCodes, {
      appId: TEST_APP_ID,
      userId: 'ana',
      scopes: basicAndPhone,
      applyRules: false,
    });
    expect(status).toBe(201);
  });

  it('issues the code with a rule.warning for an app whose rule is warn', async () => {
    const { status } = await controlCall(t.url, 'POST', CONTROL_PATHS.authCodes, {
      appId: RELAXED_APP,
      userId: 'ana',
      scopes: basicAndPhone,
    });
    expect(status).toBe(201);
    const warning = (await t.platform.events.list({ type: 'rule.warning' })).find(
      (e) => e.data['rule'] === 'basic-and-phone',
    );
    expect(warning?.appId).toBe(RELAXED_APP);
    expect(String(warning?.data['message'])).toContain('(auth_user)');
  });
});
