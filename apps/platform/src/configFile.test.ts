/**
 * The config file (`sandbox.config.json`): its schema stays equal to the protocol's catalogues,
 * every bad file is refused with a line naming the file and the bad value's path, and what the
 * file says of lifetimes and ports reaches the platform.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '@mp-sandbox/openapi-client';
import { GRANT_TYPES, SCOPES, type IssueAuthCodeResponse } from './deps.js';
import { optionsFromEnv, REPO_ROOT } from './config.js';
import { ConfigError, readConfigFile, type SandboxConfigFile } from './configFile.js';
import { CONFIG_SCHEMA_FILE_NAME, configSchema, configSchemaText } from './configFileSchema.js';
import { startPlatform } from './server.js';
import { installPlatformKeys } from './testing/testPlatform.js';

let dir: string;
const publicKey = generateRsaKeyPair().publicKey;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mp-config-test-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A valid config: two apps of one client, and a persona. */
function good(): SandboxConfigFile & Record<string, unknown> {
  return {
    apps: [
      {
        appId: '2024APP01',
        name: 'One',
        url: 'http://127.0.0.1:3000/',
        authClientId: 'MERCHANT01',
        scopes: ['auth_base', 'auth_user'],
      },
      {
        appId: '2024APP02',
        name: 'Two',
        url: '${MINI_PROGRAM_URL}/two.html',
        authClientId: 'MERCHANT01',
        scopes: ['auth_base', 'auth_user', 'USER_NAME'],
      },
    ],
    clients: [{ clientId: 'MERCHANT01', publicKeys: [{ keyVersion: '1', pem: publicKey }] }],
    personas: [{ id: 'zoe', nickName: 'Zo', firstName: 'Zoe' }],
  };
}

let count = 0;
function write(config: unknown, name = `config-${++count}.json`): string {
  const file = join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return file;
}

const ENV = { SANDBOX_HOST: '127.0.0.1' };

function load(config: unknown, env: Record<string, string> = ENV) {
  return readConfigFile(write(config), { env, dataDir: join(dir, 'data') });
}

/** The problems of a bad file, each line as printed (file name first). */
function problems(config: unknown, env?: Record<string, string>): string[] {
  try {
    load(config, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('the config was accepted');
}

function edit(change: (config: ReturnType<typeof good>) => void): ReturnType<typeof good> {
  const config = good();
  change(config);
  return config;
}

describe('the schema', () => {
  it('is the file at the repository root, generated from the catalogues', () => {
    const file = readFileSync(resolve(REPO_ROOT, CONFIG_SCHEMA_FILE_NAME), 'utf8');
    expect(file, 'run npm run config-schema').toBe(configSchemaText());
  });

  it('lists exactly the scope catalogue and the grant types', () => {
    const file = JSON.parse(readFileSync(resolve(REPO_ROOT, CONFIG_SCHEMA_FILE_NAME), 'utf8')) as {
      $defs: { scope: { enum: string[] }; grantType: { enum: string[] } };
    };
    expect(file.$defs.scope.enum).toEqual(Object.keys(SCOPES));
    expect(file.$defs.grantType.enum).toEqual([...GRANT_TYPES]);
    expect(file).toEqual(configSchema());
  });

  it("accepts the repository's sandbox.config.json, which points editors at it", () => {
    const file = resolve(REPO_ROOT, 'sandbox.config.json');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string }).$schema).toBe(
      `./${CONFIG_SCHEMA_FILE_NAME}`,
    );
    const config = readConfigFile(file, { env: ENV, dataDir: join(dir, 'data') });
    expect(config.apps.map((a) => a.name)).toContain('Harbor Coffee');
    expect(config.apps[0]!.url).toBe('http://127.0.0.1:7703/');
    expect(config.clients[0]!.publicKeys[0]!.file).toBe(
      join(dir, 'data/keys/sample-merchant.public.pem'),
    );
    expect(config.warnings).toEqual([]);
  });

  it('fills in the defaults of the control API', () => {
    const config = load({
      apps: [{ appId: 'A1', name: 'A', url: 'http://127.0.0.1:3000/', authClientId: 'C1' }],
      clients: [{ clientId: 'C1', publicKeys: [{ keyVersion: '1', file: 'keys/c1.pem' }] }],
      personas: [{ id: 'zoe', nickName: 'Zo', firstName: 'Zoe' }],
    });
    expect(config.apps[0]).toMatchObject({
      icon: '📱',
      scopes: ['auth_base', 'auth_user'],
      silentKyc: false,
    });
    expect(config.clients[0]).toMatchObject({
      name: 'C1',
      grantTypes: [...GRANT_TYPES],
      signatureMode: 'enforce',
    });
    expect(config.clients[0]!.publicKeys[0]!.file).toBe(join(dir, 'keys/c1.pem'));
    expect(config.personas[0]).toMatchObject({ status: 'ACTIVE', lastName: '', addresses: [] });
  });
});

describe('a bad file is refused with the path of every bad value', () => {
  const cases: Array<[string, () => unknown, string | RegExp]> = [
    [
      'an unknown scope',
      () => edit((c) => c.apps![1]!.scopes!.push('USER_FOO' as never)),
      `apps[1].scopes[3]: "USER_FOO" is not a scope; known: auth_base, auth_user, USER_ID`,
    ],
    [
      'a misspelt scope, with a hint',
      () => edit((c) => (c.apps![0]!.scopes = ['auth_user', 'USER_NAM' as never])),
      `apps[0].scopes[1]: "USER_NAM" is not a scope (did you mean "USER_NAME"?)`,
    ],
    [
      'a key with pem and file',
      () => edit((c) => (c.clients![0]!.publicKeys![0]!.file = 'k.pem')),
      'clients[0].publicKeys[0]: give pem or file, not both',
    ],
    [
      'a key with neither',
      () => edit((c) => (c.clients![0]!.publicKeys = [{ keyVersion: '1' }])),
      'clients[0].publicKeys[0]: give pem (the PEM text) or file',
    ],
    [
      'a misspelt top-level field',
      () => ({ ...good(), persona: [] }),
      'persona: unknown field; did you mean "personas"?',
    ],
    [
      'a misspelt app field',
      () => edit((c) => Object.assign(c.apps![0]!, { scope: ['auth_base'] })),
      'apps[0].scope: unknown field; did you mean "scopes"?',
    ],
    [
      'a missing authClientId',
      () => edit((c) => delete (c.apps![1] as Partial<Record<string, unknown>>)['authClientId']),
      'apps[1].authClientId: is missing',
    ],
    [
      'an appId with a dash',
      () => edit((c) => (c.apps![0]!.appId = 'my-app')),
      'apps[0].appId: "my-app" must be 1 to 32 letters and digits',
    ],
    [
      'an appId of 33 characters',
      () => edit((c) => (c.apps![0]!.appId = 'A'.repeat(33))),
      `apps[0].appId: "${'A'.repeat(33)}" must be 1 to 32 letters and digits`,
    ],
    [
      'an authClientId that is no client',
      () => edit((c) => (c.apps![1]!.authClientId = 'NOPE')),
      'apps[1].authClientId: "NOPE" is not a client in this file; clients: MERCHANT01',
    ],
    [
      'a repeated appId',
      () => edit((c) => (c.apps![1]!.appId = '2024APP01')),
      'apps[1].appId: "2024APP01" is already apps[0].appId',
    ],
    [
      'a repeated clientId',
      () => edit((c) => c.clients!.push({ clientId: 'MERCHANT01', publicKeys: [] })),
      'clients[1].clientId: "MERCHANT01" is already clients[0].clientId',
    ],
    [
      'a url that is not http',
      () => edit((c) => (c.apps![0]!.url = 'ftp://127.0.0.1/')),
      'apps[0].url: "ftp://127.0.0.1/" must be an http(s) URL',
    ],
    [
      'a url with a variable that is not set',
      () => edit((c) => (c.apps![0]!.url = '${MY_APP_URL}/')),
      'apps[0].url: ${MY_APP_URL} is not set; set MY_APP_URL in the environment',
    ],
    [
      'a url whose variable is not a URL',
      () => edit((c) => (c.apps![0]!.url = '${MY_APP_HOST}/')),
      /apps\[0\]\.url: "my-host\/" \(from "\$\{MY_APP_HOST\}\/"\) is not an http\(s\) URL/,
    ],
    [
      "a url on the wallet shell's origin",
      () => edit((c) => (c.apps![0]!.url = '${SHELL_URL}/mine.html')),
      "apps[0].url: http://127.0.0.1:7700 is the wallet shell's own origin",
    ],
    [
      'a silentKyc that is not a boolean',
      () => edit((c) => Object.assign(c.apps![0]!, { silentKyc: 'yes' })),
      'apps[0].silentKyc: must be true or false, not a string ("yes")',
    ],
    [
      'an unknown signature mode',
      () => edit((c) => Object.assign(c.clients![0]!, { signatureMode: 'strict' })),
      'clients[0].signatureMode: "strict" must be one of enforce, warn, off',
    ],
    [
      'an unknown grant type',
      () => edit((c) => Object.assign(c.clients![0]!, { grantTypes: ['PASSWORD'] })),
      'clients[0].grantTypes[0]: "PASSWORD" is not a grant type; known: AUTHORIZATION_CODE, REFRESH_TOKEN',
    ],
    [
      'a keyVersion given as a number',
      () => edit((c) => Object.assign(c.clients![0]!.publicKeys![0]!, { keyVersion: 1 })),
      'clients[0].publicKeys[0].keyVersion: must be a string, not an integer',
    ],
    [
      'a pem that is no key',
      () =>
        edit(
          (c) =>
            (c.clients![0]!.publicKeys![0]!.pem =
              '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----'),
        ),
      'clients[0].publicKeys[0].pem: got an SPKI PEM public key that cannot be read',
    ],
    [
      'a lifetime in words',
      () => ({ ...good(), lifetimes: { authCodeTtl: '5 minutes' } }),
      'lifetimes.authCodeTtl: "5 minutes" must be a duration such as "90s", "5m"',
    ],
    [
      'a lifetime of zero',
      () => ({ ...good(), lifetimes: { accessTokenTtl: '0m' } }),
      'lifetimes.accessTokenTtl: "0m" must be longer than 0',
    ],
    [
      'a misspelt lifetime',
      () => ({ ...good(), lifetimes: { authCodeTTL: '5m' } }),
      'lifetimes.authCodeTTL: unknown field; did you mean "authCodeTtl"?',
    ],
    [
      'a port out of range',
      () => ({ ...good(), ports: { shell: 70000 } }),
      'ports.shell: 70000 is not a port number (1-65535)',
    ],
    [
      'two parts on one port',
      () => ({ ...good(), ports: { platform: 7800, merchant: 7800 } }),
      'ports.merchant: 7800 is also ports.platform; each part needs a port of its own',
    ],
    [
      'a persona with a bad birth date',
      () => edit((c) => Object.assign(c.personas![0]!, { birthDate: '17/04/1990' })),
      'personas[0].birthDate: "17/04/1990" must be a date such as 1990-04-17',
    ],
    [
      'a persona without a first name',
      () => edit((c) => delete (c.personas![0] as Partial<Record<string, unknown>>)['firstName']),
      'personas[0].firstName: is missing',
    ],
    [
      'an address without a city',
      () =>
        edit((c) =>
          Object.assign(c.personas![0]!, { addresses: [{ region: 'MX', address1: 'Calle 1' }] }),
        ),
      'personas[0].addresses[0].city: is missing',
    ],
    [
      'apps that is not a list',
      () => ({ ...good(), apps: { appId: 'A' } }),
      'apps: must be an array, not an object',
    ],
  ];

  it.each(cases)('%s', (_name, config, expected) => {
    const lines = problems(config(), { ...ENV, MY_APP_HOST: 'my-host' });
    const file = join(dir, `config-${count}.json`);
    for (const line of lines) expect(line.startsWith(`${file}: `), line).toBe(true);
    const text = lines.map((line) => line.slice(file.length + 2)).join('\n');
    if (typeof expected === 'string') expect(text).toContain(expected);
    else expect(text).toMatch(expected);
  });

  it('names every problem of a file at once', () => {
    const lines = problems(
      edit((c) => {
        c.apps![0]!.scopes = ['USER_FOO' as never];
        Object.assign(c.clients![0]!, { signatureMode: 'strict' });
      }),
    );
    expect(lines).toHaveLength(2);
  });

  it('says when a file is not JSON, or is not there', () => {
    expect(problems('{ "apps": [ }')[0]).toMatch(/: not valid JSON: /);
    expect(() => readConfigFile(join(dir, 'missing.json'), { env: ENV, dataDir: dir })).toThrow(
      /missing\.json: no such file/,
    );
  });

  it('warns, without refusing, about a client with no key and an app on the other loopback name', () => {
    const config = load(
      edit((c) => {
        c.clients![0]!.publicKeys = [];
        c.apps![0]!.url = 'http://localhost:3000/';
      }),
    );
    expect(config.warnings.join('\n')).toContain(
      'clients[0].publicKeys: MERCHANT01 has no key yet',
    );
    expect(config.warnings.join('\n')).toContain(
      'apps[0].url: http://localhost:3000 uses localhost, but the wallet runs at http://127.0.0.1:7700',
    );
  });
});

describe('lifetimes and ports from the file', () => {
  it('reach the platform: an authCode lives as long as the file says', async () => {
    const data = mkdtempSync(join(dir, 'data-'));
    installPlatformKeys(join(data, 'keys'));
    const file = write({
      ...good(),
      lifetimes: { authCodeTtl: '2m', accessTokenTtl: '90s', refreshTokenTtl: '1d' },
    });
    const options = optionsFromEnv({
      ...ENV,
      SANDBOX_CONFIG: file,
      SANDBOX_DATA_DIR: data,
      PLATFORM_PORT: '0',
    });
    expect(options.lifetimes).toEqual({
      authCodeMs: 120_000,
      accessTokenMs: 90_000,
      refreshTokenMs: 86_400_000,
    });
    const running = await startPlatform({ ...options, log: () => {} });
    try {
      const before = Date.now();
      const response = await fetch(`${running.url}/sandbox/v1/authcodes`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ appId: '2024APP01', userId: 'zoe', scopes: ['auth_user'] }),
      });
      expect(response.status).toBe(201);
      const { expiresAt } = (await response.json()) as IssueAuthCodeResponse;
      const lifetime = Date.parse(expiresAt) - before;
      expect(lifetime).toBeGreaterThan(118_000);
      expect(lifetime).toBeLessThanOrEqual(122_000);
    } finally {
      await running.close();
    }
  });

  it('give way to the environment', () => {
    const file = write({
      ...good(),
      lifetimes: { authCodeTtl: '2m' },
      ports: { platform: 7801, miniProgram: 7803 },
    });
    const fromFile = optionsFromEnv({
      ...ENV,
      SANDBOX_CONFIG: file,
      SANDBOX_DATA_DIR: join(dir, 'data'),
    });
    expect(fromFile.port).toBe(7801);
    expect(fromFile.seed.apps[1]!.url).toBe('http://127.0.0.1:7803/two.html');
    const overridden = optionsFromEnv({
      ...ENV,
      SANDBOX_CONFIG: file,
      SANDBOX_DATA_DIR: join(dir, 'data'),
      AUTH_CODE_TTL_MS: '1000',
      PLATFORM_PORT: '7901',
      MINI_PROGRAM_PORT: '7903',
    });
    expect(overridden.lifetimes.authCodeMs).toBe(1000);
    expect(overridden.port).toBe(7901);
    expect(overridden.seed.apps[1]!.url).toBe('http://127.0.0.1:7903/two.html');
  });

  it('name a team database, which then needs the team token; the environment wins', () => {
    const file = write({ ...good(), database: '${TEAM_DATABASE_URL}' });
    const env = {
      ...ENV,
      SANDBOX_CONFIG: file,
      SANDBOX_DATA_DIR: join(dir, 'data'),
      TEAM_DATABASE_URL: 'postgres://team@127.0.0.1:5999/sandbox',
    };
    expect(() => optionsFromEnv(env)).toThrow(/SANDBOX_CONTROL_TOKEN is not set.*config file/);
    const withToken = { ...env, SANDBOX_CONTROL_TOKEN: 'a-long-team-secret' };
    expect(optionsFromEnv(withToken).databaseUrl).toBe('postgres://team@127.0.0.1:5999/sandbox');
    const fromEnv = { ...withToken, SANDBOX_DATABASE_URL: 'postgres://ci@127.0.0.1:6000/other' };
    expect(optionsFromEnv(fromEnv).databaseUrl).toBe('postgres://ci@127.0.0.1:6000/other');
    expect(problems({ ...good(), database: 'mysql://x' }).join('\n')).toMatch(
      /database: must be a postgres:\/\/ URL, or a \$\{VARIABLE\}/,
    );
  });

  it('makes the platform exit 1 with the message, and no stack trace, when the file is bad', async () => {
    const { spawnSync } = await import('node:child_process');
    const file = write(edit((c) => c.apps![1]!.scopes!.push('USER_FOO' as never)));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'apps/platform/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...ENV,
        SANDBOX_CONFIG: file,
        SANDBOX_DATA_DIR: join(dir, 'data'),
        PLATFORM_PORT: '0',
      },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `${file}: apps[1].scopes[3]: "USER_FOO" is not a scope; known: `,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
