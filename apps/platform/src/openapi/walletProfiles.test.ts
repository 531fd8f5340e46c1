/**
 * Conformance per wallet profile: every documented prefix and alias answers (signed, verified),
 * the user-info shape follows the app's wallet for each scope, the authCode lives as long as the
 * wallet documents, and the OpenAPI document follows the profile.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformApiError } from '@mp-sandbox/openapi-client';
import {
  CONTROL_PATHS,
  OPENAPI_PATHS,
  RESULT_CODES,
  WALLET_IDS,
  WALLET_PROFILES,
  wireResultCode,
  wireResultStatus,
  type ResultCode,
  type ScopeName,
  type WalletId,
} from '../deps.js';
import { optionsFromEnv } from '../config.js';
import {
  controlCall,
  GRANTABLE_SCOPES,
  startTestPlatform,
  TEST_CLIENT_ID,
  testApp,
  type TestPlatform,
} from '../testing/testPlatform.js';

let t: TestPlatform;
/** One app per wallet, all of the test merchant. */
const appOf = (wallet: WalletId) => `APP${wallet.toUpperCase()}`;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startTestPlatform({
    seed: {
      apps: WALLET_IDS.map((wallet) => ({
        ...testApp(appOf(wallet), TEST_CLIENT_ID, GRANTABLE_SCOPES),
        wallet,
      })),
    },
  });
});

afterAll(async () => {
  await t?.close();
});

async function tokensFor(
  wallet: WalletId,
  scopes: ScopeName[],
  gatewayPath: string = OPENAPI_PATHS.applyTokenV2,
) {
  const appId = appOf(wallet);
  const authCode = await t.issueCode('ana', scopes, appId);
  const { body } = await t.client.send(
    gatewayPath,
    JSON.stringify({
      appId,
      authClientId: TEST_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode,
    }),
  );
  expect(body.result.resultCode, gatewayPath).toBe('SUCCESS');
  return body as unknown as { accessToken: string; customerId: string };
}

async function userInfoFor(wallet: WalletId, scopes: ScopeName[]) {
  const { accessToken } = await tokensFor(wallet, scopes);
  const { userInfo } = await t.client.inquiryUserInfo({
    appId: appOf(wallet),
    authClientId: TEST_CLIENT_ID,
    accessToken,
  });
  return userInfo as unknown as Record<string, unknown>;
}

describe.each(WALLET_IDS)('wallet %s', (wallet) => {
  const profile = WALLET_PROFILES[wallet];

  it('answers every operation under each of its prefixes and at each of its aliases, signed and verified', async () => {
    for (const prefix of profile.prefixes) {
      const client = t.clientWith({ gatewayUrl: `${t.url}${prefix}` });
      for (const path of [...Object.values(OPENAPI_PATHS), ...Object.keys(profile.aliases)]) {
        // send() verifies the platform's signature over the path it posted to.
        const { body } = await client.send(path, '{}');
        expect(body.result.resultCode, `${prefix}${path}`).toBe('PARAM_ILLEGAL');
      }
    }
  });

  it('exchanges a code at each alias of applyToken, and at each prefix', async () => {
    const applyPaths = Object.entries(profile.aliases)
      .filter(([, to]) => to === OPENAPI_PATHS.applyTokenV2)
      .map(([alias]) => alias);
    for (const path of [OPENAPI_PATHS.applyTokenV2, ...applyPaths])
      await tokensFor(wallet, ['auth_base'], path);
    for (const prefix of profile.prefixes.filter(Boolean)) {
      const appId = appOf(wallet);
      const authCode = await t.issueCode('ana', ['auth_base'], appId);
      const client = t.clientWith({ gatewayUrl: `${t.url}${prefix}` });
      const answer = await client.applyToken({
        appId,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode,
      });
      expect(answer.result.resultCode, prefix).toBe('SUCCESS');
    }
  });

  it('lists its servers, aliases and user shape in the OpenAPI document', async () => {
    const doc = (await (
      await fetch(`${t.url}${CONTROL_PATHS.openApi}?wallet=${wallet}`)
    ).json()) as {
      servers: Array<{ url: string }>;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      'x-wallet': { id: string };
    };
    expect(doc['x-wallet'].id).toBe(wallet);
    expect(doc.servers.map((s) => s.url)).toEqual(
      profile.prefixes.map((prefix) => `${t.url}${prefix}`),
    );
    expect(Object.keys(doc.paths).sort()).toEqual(
      [...Object.values(OPENAPI_PATHS), ...Object.keys(profile.aliases)].sort(),
    );
    const user = Object.keys(doc.components.schemas['UserInfo']!.properties);
    if (profile.userInfoShape === 'claro') {
      expect(user).toEqual(
        expect.arrayContaining([
          'phoneNumber',
          'email',
          'deliveryAddress',
          'documentType',
          'documentNo',
          'name',
          'surname',
        ]),
      );
      expect(user).not.toContain('contactInfos');
    } else {
      expect(user).toEqual(
        expect.arrayContaining(['userName', 'contactInfos', 'loginIdInfos', 'userAddresses']),
      );
      expect(user).not.toContain('phoneNumber');
    }
    // ?appId= picks the app's wallet.
    const byApp = (await (
      await fetch(`${t.url}${CONTROL_PATHS.openApi}?appId=${appOf(wallet)}`)
    ).json()) as { 'x-wallet': { id: string } };
    expect(byApp['x-wallet'].id).toBe(wallet);
  });

  it(`keeps an authCode for ${profile.authCodeTtlMs / MINUTE} minutes on the sandbox clock, and not longer`, async () => {
    const appId = appOf(wallet);
    const exchange = (authCode: string) =>
      t.client.applyToken({
        appId,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode,
      });
    const early = await t.issueCode('ana', ['auth_base'], appId);
    const late = await t.issueCode('ana', ['auth_base'], appId);
    await t.platform.clock.advance(profile.authCodeTtlMs - MINUTE);
    try {
      expect((await exchange(early)).result.resultCode).toBe('SUCCESS');
      await t.platform.clock.advance(2 * MINUTE);
      const error = await exchange(late).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformApiError);
      expect((error as PlatformApiError).resultCode).toBe('EXPIRED_AUTHCODE');
    } finally {
      await t.platform.clock.reset();
    }
  });
});

describe('the user-info shape of each wallet, scope by scope', () => {
  it('Claro: User_Base_Info gives the userId alone', async () => {
    const info = await userInfoFor('claro', ['User_Base_Info']);
    expect(Object.keys(info).sort()).toEqual(['status', 'userId']);
  });

  it('Claro: User_Customer_Info gives phoneNumber, email and deliveryAddress[] flat, and nothing in the Alipay+ shapes', async () => {
    const info = await userInfoFor('claro', ['User_Customer_Info']);
    expect(info).toMatchObject({ phoneNumber: '+52 55 1234 5678', email: 'ana.garcia@example.mx' });
    expect(info['deliveryAddress']).toEqual([
      expect.objectContaining({
        name: 'Ana Lucía García Torres',
        city: 'Ciudad de México',
        address1: 'Av. Álvaro Obregón 112',
        zipCode: '06700',
      }),
    ]);
    for (const field of [
      'contactInfos',
      'userAddresses',
      'kycInfo',
      'documentType',
      'documentNo',
      'name',
      'surname',
    ])
      expect(info).not.toHaveProperty(field);
  });

  it('Claro: User_Customer_KYC_Info adds documentType, documentNo, name and surname', async () => {
    const info = await userInfoFor('claro', ['User_Customer_KYC_Info']);
    expect(info).toMatchObject({
      phoneNumber: '+52 55 1234 5678',
      email: 'ana.garcia@example.mx',
      documentType: 'INE',
      documentNo: 'GATA900417MDFRRN09',
      name: 'Ana Lucía',
      surname: 'García Torres',
    });
    expect(info['deliveryAddress']).toHaveLength(1);
    for (const field of ['contactInfos', 'userAddresses', 'kycInfo', 'userName'])
      expect(info).not.toHaveProperty(field);
  });

  it.each(WALLET_IDS.filter((w) => WALLET_PROFILES[w].userInfoShape === 'alipayplus'))(
    '%s: the customer scopes answer in the Alipay+ connect shapes, with no kycInfo',
    async (wallet) => {
      const info = await userInfoFor(wallet, ['User_Customer_KYC_Info']);
      expect(info['contactInfos']).toEqual([
        { contactNo: '+52 55 1234 5678', contactType: 'MOBILE_PHONE' },
        { contactNo: 'ana.garcia@example.mx', contactType: 'EMAIL' },
      ]);
      expect(info['userAddresses']).toHaveLength(1);
      expect(info['userName']).toMatchObject({ firstName: 'Ana Lucía', lastName: 'García Torres' });
      for (const field of ['kycInfo', 'phoneNumber', 'deliveryAddress', 'documentType'])
        expect(info).not.toHaveProperty(field);
    },
  );

  it.each(WALLET_IDS)(
    '%s: hashLoginId is the SHA-256 of the login ID, lower-case hex',
    async (wallet) => {
      const info = await userInfoFor(wallet, ['HASH_LOGIN_ID', 'PLAINTEXT_USER_LOGIN_ID']);
      const [login] = info['loginIdInfos'] as Array<{ loginId: string; hashLoginId: string }>;
      expect(login!.hashLoginId).toBe(createHash('sha256').update(login!.loginId).digest('hex'));
      expect(login!.hashLoginId).toMatch(/^[0-9a-f]{64}$/);
    },
  );
});

describe('GET /sandbox/v1/wallets', () => {
  it("lists every profile with its name and look, and the sandbox's default", async () => {
    const body = (await (await fetch(`${t.url}${CONTROL_PATHS.wallets}`)).json()) as {
      default: string;
      profiles: Record<string, { name: string; look: unknown }>;
    };
    expect(body.default).toBe('alipayplus');
    expect(Object.keys(body.profiles).sort()).toEqual([...WALLET_IDS].sort());
    expect(body.profiles['claro']).toMatchObject({
      name: 'Claro',
      look: { accent: expect.stringMatching(/^#/) },
    });
  });

  it('refuses an app with a wallet that is not a profile, naming the profiles', async () => {
    const response = await fetch(`${t.url}${CONTROL_PATHS.apps}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        appId: 'BADWALLET',
        name: 'x',
        url: 'http://127.0.0.1:1/',
        authClientId: TEST_CLIENT_ID,
        wallet: 'paypal',
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(
      WALLET_IDS.join(', '),
    );
  });
});

describe('"wallet" in the config file', () => {
  it("sets the sandbox's wallet and an app's own, and a name that is no profile stops the start naming the profiles", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-wallet-config-'));
    try {
      const file = join(dir, 'sandbox.config.json');
      const config = (appWallet: string) => ({
        wallet: 'claro',
        clients: [{ clientId: 'SHOP', publicKeys: [] }],
        apps: [
          {
            appId: 'SHOPAPP',
            name: 'Shop',
            url: 'http://127.0.0.1:3999/',
            authClientId: 'SHOP',
            wallet: appWallet,
          },
        ],
      });
      writeFileSync(file, JSON.stringify(config('gcash')));
      const options = optionsFromEnv({
        SANDBOX_CONFIG: file,
        SANDBOX_DATA_DIR: dir,
        PLATFORM_PORT: '0',
      });
      expect(options.wallet).toBe('claro');
      expect(options.seed.apps[0]!.wallet).toBe('gcash');
      writeFileSync(file, JSON.stringify(config('paypal')));
      expect(() =>
        optionsFromEnv({ SANDBOX_CONFIG: file, SANDBOX_DATA_DIR: dir, PLATFORM_PORT: '0' }),
      ).toThrow(/apps\[0\]\.wallet.*alipayplus/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(WALLET_IDS)('result codes under wallet %s', (wallet) => {
  it("every code of the catalogue arrives with its version's name and status, under each prefix and alias", async () => {
    const profile = WALLET_PROFILES[wallet];
    const v2Paths = [
      ...profile.prefixes.map((prefix) => `${prefix}${OPENAPI_PATHS.applyTokenV2}`),
      ...Object.entries(profile.aliases)
        .filter(([, to]) => to === OPENAPI_PATHS.applyTokenV2)
        .map(([alias]) => alias),
    ];
    const v1Path = `${profile.prefixes.at(-1)}${OPENAPI_PATHS.applyTokenV1}`;
    const client = t.clientWith({});
    for (const code of (Object.keys(RESULT_CODES) as ResultCode[]).filter((c) => c !== 'SUCCESS')) {
      for (const [path, version] of [
        ...v2Paths.map((p) => [p, 'v2'] as const),
        [v1Path, 'v1'] as const,
      ]) {
        const armed = await controlCall(t.url, 'POST', CONTROL_PATHS.faults, {
          api: 'applyToken',
          resultCode: code,
        });
        expect(armed.status, `${code}: ${JSON.stringify(armed.body)}`).toBe(201);
        const { body } = await client.send(path, '{}');
        expect(body.result, `${path} ${code}`).toMatchObject({
          resultCode: wireResultCode(code, version),
          resultStatus: wireResultStatus(code, version),
        });
      }
    }
  });
});
