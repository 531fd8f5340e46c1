/**
 * A real platform for integration tests: the HTTP server started in-process on 127.0.0.1 (a free
 * port), a throw-away data folder, real RSA keys and a merchant client that really signs. Its
 * store is the embedded one, or, when SANDBOX_TEST_POSTGRES_URL names a PostgreSQL server (the
 * suite's "platform on postgres" project), a fresh database of its own on that server.
 *
 *   const t = await startTestPlatform();
 *   const code = await t.issueCode('ana', ['auth_user']);
 *   const tokens = await t.client.applyToken({ appId: t.appId, authClientId: t.clientId, grantType: 'AUTHORIZATION_CODE', authCode: code });
 *   await t.close();
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createOpenApiClient,
  generateRsaKeyPair,
  keyPairFiles,
  type OpenApiClient,
  type OpenApiClientOptions,
  type PemKeyPair,
} from '@mp-sandbox/openapi-client';
import { controlApi, sandboxHttp } from '@mp-sandbox/protocol/client';
import { DEFAULT_LIFETIMES } from '../domain/authorizations.js';
import {
  CONTROL_PATHS,
  SCOPES,
  SHELL_PROXY_SECRET_HEADER,
  WALLET_PATHS,
  WALLET_SESSION_HEADER,
  type AuthorizeResponse,
  type PrepareResponse,
  type WalletSessionResponse,
  type MerchantClient,
  type MiniProgramApp,
  type ScopeName,
} from '../deps.js';
import { startPlatform, type RunningPlatform } from '../server.js';
import type { PlatformOptions, PlatformSeed } from '../config.js';
import type { Platform } from '../platform.js';
import { acquireTestDatabase, TEST_POSTGRES_ENV, type TestDatabase } from './testStore.js';

/** The test merchant: its client signs with `TEST_KEYS.merchant`, its app may ask for every scope. */
export const TEST_CLIENT_ID = '2024TESTMERCHANT0001';
export const TEST_APP_ID = '2024TESTAPP0001';
/** Another merchant and its app, with few scopes: codes issued to it are not the test merchant's. */
export const OTHER_CLIENT_ID = '2024OTHERMERCHANT0002';
export const OTHER_APP_ID = '2024OTHERAPP0002';

/** Every scope a mini program may be granted (the reserved ones grant nothing yet). */
export const GRANTABLE_SCOPES = (Object.keys(SCOPES) as ScopeName[]).filter(
  (scope) => !('reserved' in SCOPES[scope]),
);

let keyCache:
  | { merchant: PemKeyPair; other: PemKeyPair; platform: PemKeyPair; stranger: PemKeyPair }
  | undefined;

/**
 * Real 2048-bit key pairs, made once per test process (each generation costs ~100 ms):
 * `merchant` and `other` are registered, `platform` signs responses, `stranger` is registered nowhere.
 */
export function testKeys(): {
  merchant: PemKeyPair;
  other: PemKeyPair;
  platform: PemKeyPair;
  stranger: PemKeyPair;
} {
  keyCache ??= {
    merchant: generateRsaKeyPair(),
    other: generateRsaKeyPair(),
    platform: generateRsaKeyPair(),
    stranger: generateRsaKeyPair(),
  };
  return keyCache;
}

export function testClient(publicKeyPem: string, clientId = TEST_CLIENT_ID): MerchantClient {
  return {
    clientId,
    name: `${clientId} (test)`,
    publicKeys: [{ keyVersion: '1', pem: publicKeyPem }],
    grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'],
    signatureMode: 'enforce',
  };
}

export function testApp(appId: string, authClientId: string, scopes: ScopeName[]): MiniProgramApp {
  return {
    appId,
    name: `${appId} (test)`,
    icon: '🧪',
    url: 'http://127.0.0.1:1/',
    authClientId,
    scopes,
    silentKyc: false,
  };
}

/** The seed every test platform starts with: the test merchant and the other merchant. */
export function testSeed(): PlatformSeed {
  const keys = testKeys();
  return {
    apps: [
      testApp(TEST_APP_ID, TEST_CLIENT_ID, GRANTABLE_SCOPES),
      testApp(OTHER_APP_ID, OTHER_CLIENT_ID, ['auth_base', 'auth_user']),
    ],
    clients: [
      testClient(keys.merchant.publicKey, TEST_CLIENT_ID),
      testClient(keys.other.publicKey, OTHER_CLIENT_ID),
    ],
    personas: [],
  };
}

/** Writes the cached platform key pair where the platform looks for it, so it does not make one. */
export function installPlatformKeys(keysDir: string): void {
  const files = keyPairFiles(keysDir, 'platform');
  const { platform } = testKeys();
  mkdirSync(keysDir, { recursive: true });
  writeFileSync(files.privateKeyFile, platform.privateKey, { mode: 0o600 });
  writeFileSync(files.publicKeyFile, platform.publicKey);
}

export interface TestPlatformOverrides extends Partial<Omit<PlatformOptions, 'seed'>> {
  /** Added to the test seed (apps and clients by id replace the test ones). */
  seed?: Partial<PlatformSeed>;
}

export interface TestPlatform {
  url: string;
  port: number;
  platform: Platform;
  options: PlatformOptions;
  /** The HTTPS gateway, when the overrides asked for one (`tls.dir: ''` puts it in `<dir>/tls`). */
  tls?: RunningPlatform['tls'];
  /** The temporary folder holding `platform/` (the store) and `keys/`. */
  dir: string;
  clientId: string;
  appId: string;
  /** The test merchant's private key (PEM). */
  privateKey: string;
  /** The test merchant's client, verifying every response with the platform public key. */
  client: OpenApiClient;
  /** A client with other options (another key, gateway prefix, clock …), verifying responses too. */
  clientWith(options: Partial<OpenApiClientOptions>): OpenApiClient;
  /** Issues an authCode as the wallet would after consent (POST /sandbox/v1/authcodes), the consent rules not applied. */
  issueCode(userId: string, scopes: ScopeName[], appId?: string): Promise<string>;
  /** What the shell's proxy adds to wallet calls. */
  shellSecret: string;
  /** The wallet API as the shell calls it (through its proxy), for the persona holding the wallet. */
  wallet(userId: string): Promise<WalletCaller>;
  /** Stops the server and starts a new one on the same data folder and options (the old object is done). */
  restart(): Promise<TestPlatform>;
  /** Stops the server and removes the data folder (and its database, on PostgreSQL). */
  close(): Promise<void>;
}

/** The wallet API as the shell's proxy forwards it: the proxy's secret and the holder's session. */
export interface WalletCaller {
  session: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T & { error?: string; message?: string } }>;
  /** `prepare` then `authorize` with `decision` on the consent request it made. */
  consent(
    scopes: string[],
    decision: 'allow' | 'deny' | 'cancel',
    appId?: string,
  ): Promise<{ status: number; body: AuthorizeResponse & { error?: string; message?: string } }>;
}

function mergeSeed(base: PlatformSeed, extra: Partial<PlatformSeed> | undefined): PlatformSeed {
  const byKey = <T>(items: T[], key: (item: T) => string) => [
    ...new Map(items.map((item) => [key(item), item])).values(),
  ];
  return {
    apps: byKey([...base.apps, ...(extra?.apps ?? [])], (a) => a.appId),
    clients: byKey([...base.clients, ...(extra?.clients ?? [])], (c) => c.clientId),
    personas: byKey([...base.personas, ...(extra?.personas ?? [])], (p) => p.id),
  };
}

/** Starts a real platform on 127.0.0.1, a free port and a fresh temporary folder. */
export async function startTestPlatform(
  overrides: TestPlatformOverrides = {},
): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'mp-platform-test-'));
  const { seed, ...rest } = overrides;
  const options: PlatformOptions = {
    host: '127.0.0.1',
    port: 0,
    dataDir: join(dir, 'platform'),
    keysDir: join(dir, 'keys'),
    seed: mergeSeed(testSeed(), seed),
    lifetimes: { ...DEFAULT_LIFETIMES },
    requestTimeToleranceMs: 5 * 60_000,
    purgeGraceMs: 24 * 60 * 60_000,
    log: () => {},
    ...rest,
  };
  if (options.tls && !options.tls.dir) options.tls = { ...options.tls, dir: join(dir, 'tls') };
  installPlatformKeys(options.keysDir);
  // On the PostgreSQL variant of the suite, a database of its own (unless the test named one).
  const serverUrl = process.env[TEST_POSTGRES_ENV];
  let database: TestDatabase | undefined;
  const discard = async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.release();
  };
  try {
    if (serverUrl && !options.databaseUrl) {
      database = await acquireTestDatabase(serverUrl, testKeys().platform);
      options.databaseUrl = database.url;
    }
    return await launch(dir, options, discard);
  } catch (error) {
    await discard();
    throw error;
  }
}

async function launch(
  dir: string,
  options: PlatformOptions,
  discard: () => Promise<void>,
): Promise<TestPlatform> {
  const running: RunningPlatform = await startPlatform(options);
  const { url, port, platform } = running;
  const privateKey = testKeys().merchant.privateKey;
  const clientWith = (extra: Partial<OpenApiClientOptions>) =>
    createOpenApiClient({
      gatewayUrl: url,
      clientId: TEST_CLIENT_ID,
      privateKey,
      keyVersion: '1',
      platformPublicKey: platform.keys.publicKey,
      ...extra,
    });
  const control = controlApi(sandboxHttp({ baseUrl: url }));
  let stopped = false;
  /** Set once `restart` handed the folder to a new platform: closing this one must not delete it. */
  let handedOver = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.close();
  };
  return {
    url,
    port,
    platform,
    options,
    ...(running.tls && { tls: running.tls }),
    dir,
    clientId: TEST_CLIENT_ID,
    appId: TEST_APP_ID,
    shellSecret: running.shellSecret,
    privateKey,
    client: clientWith({}),
    clientWith,
    async issueCode(userId, scopes, appId = TEST_APP_ID) {
      // Tests ask for any set of scopes; the consent rules have tests of their own (strict.test.ts).
      const issued = await control.issueAuthCode({ appId, userId, scopes, applyRules: false });
      return issued.authCode;
    },
    async wallet(userId) {
      const proxy = { [SHELL_PROXY_SECRET_HEADER]: running.shellSecret };
      const opened = await controlCall<WalletSessionResponse>(
        url,
        'POST',
        WALLET_PATHS.session,
        { userId },
        proxy,
      );
      if (opened.status !== 200)
        throw new Error(
          `POST ${WALLET_PATHS.session} answered ${opened.status}: ${opened.body.message}`,
        );
      const headers = { ...proxy, [WALLET_SESSION_HEADER]: opened.body.session };
      const call: WalletCaller['call'] = (method, path, body) =>
        controlCall(url, method, path, body, headers);
      return {
        session: opened.body.session,
        call,
        async consent(scopes, decision, appId = TEST_APP_ID) {
          const prepared = await call<PrepareResponse>('POST', WALLET_PATHS.prepare, {
            appId,
            scopes,
          });
          if (prepared.status !== 200) return prepared as never;
          return call<AuthorizeResponse>('POST', WALLET_PATHS.authorize, {
            consentId: prepared.body.consentId,
            decision,
          });
        },
      };
    },
    async restart() {
      await stop();
      handedOver = true;
      try {
        return await launch(dir, options, discard);
      } catch (error) {
        await discard();
        throw error;
      }
    },
    async close() {
      await stop();
      if (!handedOver) await discard();
    },
  };
}

/** Calls the control or wallet API of a test platform with a JSON body, and reads the JSON answer. */
export async function controlCall<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T & { error?: string; message?: string } }> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as T & { error?: string; message?: string },
  };
}
