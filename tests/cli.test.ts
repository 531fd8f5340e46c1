/**
 * The command line: `npm run sandbox` (scripts/sandbox.ts) refuses a bad config file and a taken
 * port before it starts anything; `npm run keys` makes a merchant key pair that a platform started
 * from the config it registered it in accepts; `npx mp-sandbox` (bin/mp-sandbox.js) runs both.
 *
 * Every command runs as a child process in its own process group, which is killed if it outlives
 * its test. Only 127.0.0.1 is used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@mp-sandbox/playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenApiClient,
  generateRsaKeyPair,
  PlatformApiError,
} from '@mp-sandbox/openapi-client';
import { optionsFromEnv } from '@mp-sandbox/platform/config';
import { startPlatform, type RunningPlatform } from '@mp-sandbox/platform';
import { installPlatformKeys, testKeys } from '@mp-sandbox/platform/testing';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO_ROOT, 'bin/mp-sandbox.js');
const HOST = '127.0.0.1';

let dir: string;
const running = new Set<ChildProcess>();
const servers: Server[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mp-cli-test-'));
});

afterEach(async () => {
  for (const child of running) killGroup(child);
  running.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function killGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end (killing its whole group after `timeoutMs`). */
function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Outcome> {
  const started = Date.now();
  const env: Record<string, string | undefined> = {
    ...process.env,
    SANDBOX_HOST: HOST,
    ...options.env,
  };
  delete env['SANDBOX_BIND_HOST'];
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => killGroup(child), options.timeoutMs ?? 15_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const node = (args: string[], options?: Parameters<typeof run>[2]) =>
  run(process.execPath, args, options);

/** A server holding a port on 127.0.0.1 until the test ends. */
async function occupy(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return (server.address() as AddressInfo).port;
}

async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

function writeJson(file: string, value: unknown): string {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

describe('npm run sandbox (scripts/sandbox.ts)', () => {
  it('refuses a taken port, names it and its variable, and starts nothing', async () => {
    const shell = await occupy();
    const others = {
      PLATFORM_PORT: await freePort(),
      MERCHANT_PORT: await freePort(),
      MINI_PROGRAM_PORT: await freePort(),
    };
    const result = await node(['--import', 'tsx', 'scripts/sandbox.ts', '--no-watch'], {
      env: {
        SHELL_PORT: String(shell),
        ...Object.fromEntries(Object.entries(others).map(([k, v]) => [k, String(v)])),
        SANDBOX_DATA_DIR: join(dir, 'data-ports'),
      },
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `port ${shell} \\(shell\\) is taken: stop what uses it, or set SHELL_PORT=\\d+, or ports\\.shell in your config`,
      ),
    );
    expect(result.stderr).toContain('Nothing was started.');
    expect(result.stderr).not.toMatch(/PLATFORM_PORT|MERCHANT_PORT|MINI_PROGRAM_PORT/);
    expect(result.stdout).not.toContain('[platform]');
    expect(result.ms).toBeLessThan(10_000);
    for (const port of Object.values(others))
      expect(await isFree(port), `port ${port} is still free`).toBe(true);
  });

  it('refuses an invalid --config (relative to the working folder) with the path of the bad value', async () => {
    const work = join(dir, 'work-bad');
    mkdirSync(work);
    writeJson(join(work, 'bad.json'), {
      apps: [
        {
          appId: 'BAD1',
          name: 'Bad',
          url: 'http://127.0.0.1:3999/',
          authClientId: 'C1',
          scopes: ['auth_user', 'USER_FOO'],
        },
      ],
      clients: [
        {
          clientId: 'C1',
          publicKeys: [{ keyVersion: '1', pem: generateRsaKeyPair().publicKey, file: 'k.pem' }],
        },
      ],
    });
    const result = await node([BIN, '--config', 'bad.json', '--no-watch'], {
      cwd: work,
      env: { SANDBOX_DATA_DIR: join(dir, 'data-bad') },
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      'bad.json: apps[0].scopes[1]: "USER_FOO" is not a scope; known: auth_base',
    );
    expect(result.stderr).toContain(
      'bad.json: clients[0].publicKeys[0]: give pem or file, not both',
    );
    expect(result.stderr).toContain('nothing was started');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('takes --config relative to the folder npm run was typed in', async () => {
    const work = join(dir, 'work-npm');
    mkdirSync(work);
    writeJson(join(work, 'mine.json'), {
      apps: [{ appId: 'M1', name: 'Mine', url: 'http://127.0.0.1:3999/', authClientId: 'NOBODY' }],
    });
    const result = await run(
      'npm',
      ['--prefix', REPO_ROOT, 'run', '--silent', 'sandbox', '--', '--config', 'mine.json'],
      {
        cwd: work,
        env: { SANDBOX_DATA_DIR: join(dir, 'data-npm') },
        timeoutMs: 30_000,
      },
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      'mine.json: apps[0].authClientId: "NOBODY" is not a client in this file; add it under "clients"',
    );
  });

  it('refuses a --config that is not there', async () => {
    const result = await node([
      '--import',
      'tsx',
      'scripts/sandbox.ts',
      '--config',
      join(dir, 'nowhere.json'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(dir, 'nowhere.json')}: no such file`);
  });

  it('prints its usage', async () => {
    const result = await node(['--import', 'tsx', 'scripts/sandbox.ts', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--config <file>');
    expect(result.stdout).toContain('--no-samples');
    expect(result.stdout).toContain('--data-dir <dir>');
  });
});

describe('npm run keys (scripts/keys.ts)', () => {
  let platform: RunningPlatform | undefined;

  afterEach(async () => {
    await platform?.close();
    platform = undefined;
  });

  it('creates a key pair, registers it in the config, and the platform started from it accepts its signatures', async () => {
    const work = join(dir, 'work-keys');
    const dataDir = join(work, 'data');
    mkdirSync(work);
    const configFile = writeJson(join(work, 'my.config.json'), {
      $schema: './sandbox.config.schema.json',
      apps: [
        {
          appId: 'ACME0001',
          name: 'Acme',
          url: 'http://127.0.0.1:3999/',
          authClientId: 'ACME-MERCHANT',
          scopes: ['auth_base', 'auth_user'],
        },
      ],
      clients: [{ clientId: 'ACME-MERCHANT', name: 'Acme merchant', publicKeys: [] }],
      lifetimes: { authCodeTtl: '3m' },
    });

    const result = await node(
      [BIN, 'keys', 'create', 'ACME-MERCHANT', '--config', 'my.config.json', '--data-dir', 'data'],
      { cwd: work },
    );
    expect(result.code, result.stderr).toBe(0);
    const privateKeyFile = join(dataDir, 'keys/ACME-MERCHANT.private.pem');
    const publicKeyFile = join(dataDir, 'keys/ACME-MERCHANT.public.pem');
    expect(statSync(privateKeyFile).mode & 0o777).toBe(0o600);
    expect(result.stdout).toContain(`private key  ${privateKeyFile}`);
    for (const option of [
      'gatewayUrl',
      'clientId',
      'privateKey',
      'keyVersion',
      'platformPublicKey',
    ])
      expect(result.stdout).toContain(`${option}:`);
    expect(result.stdout).toContain('Added clients[0].publicKeys[0] in my.config.json');

    // The file keeps what it had, in order, 2-space indented, with the key added.
    const written = readFileSync(configFile, 'utf8');
    const config = JSON.parse(written) as {
      $schema: string;
      clients: Array<{ publicKeys: unknown[] }>;
      lifetimes: unknown;
    };
    expect(Object.keys(config)).toEqual(['$schema', 'apps', 'clients', 'lifetimes']);
    expect(config.clients[0]!.publicKeys).toEqual([
      { keyVersion: '1', file: 'data/keys/ACME-MERCHANT.public.pem' },
    ]);
    expect(written).toContain('\n  "apps": [\n    {\n      "appId": "ACME0001"');

    // A platform started from that config accepts a request signed with the new private key.
    installPlatformKeys(join(dataDir, 'keys'));
    const options = optionsFromEnv({
      SANDBOX_HOST: HOST,
      SANDBOX_CONFIG: configFile,
      SANDBOX_DATA_DIR: dataDir,
      PLATFORM_PORT: '0',
    });
    platform = await startPlatform({ ...options, log: () => {} });
    const issued = await fetch(`${platform.url}/sandbox/v1/authcodes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ appId: 'ACME0001', userId: 'ana', scopes: ['auth_user'] }),
    });
    expect(issued.status).toBe(201);
    const { authCode } = (await issued.json()) as { authCode: string };
    const client = (privateKey: string) =>
      createOpenApiClient({
        gatewayUrl: platform!.url,
        clientId: 'ACME-MERCHANT',
        privateKey,
        keyVersion: '1',
        platformPublicKey: readFileSync(join(dataDir, 'keys/platform.public.pem'), 'utf8'),
      });
    const stranger = await client(testKeys().stranger.privateKey)
      .applyToken({
        appId: 'ACME0001',
        authClientId: 'ACME-MERCHANT',
        grantType: 'AUTHORIZATION_CODE',
        authCode,
      })
      .catch((error: unknown) => error);
    expect(stranger).toBeInstanceOf(PlatformApiError);
    expect((stranger as PlatformApiError).resultCode).toBe('INVALID_SIGNATURE');
    const tokens = await client(readFileSync(privateKeyFile, 'utf8')).applyToken({
      appId: 'ACME0001',
      authClientId: 'ACME-MERCHANT',
      grantType: 'AUTHORIZATION_CODE',
      authCode,
    });
    expect(tokens.accessToken).toBeTruthy();
    expect(publicKeyFile).toBe(options.seed.clients[0]!.publicKeys[0]!.file);

    // show-platform prints the key that verifies the platform's answers.
    const shown = await node([BIN, 'keys', 'show-platform', '--data-dir', 'data'], { cwd: work });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(
      `verify response signatures with this): ${join(dataDir, 'keys/platform.public.pem')}`,
    );
    expect(shown.stdout).toContain(testKeys().platform.publicKey.trim());
  });

  it('prints the client entry to paste when the config does not list the client', async () => {
    const work = join(dir, 'work-paste');
    mkdirSync(work);
    const result = await node(
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'scripts/keys.ts'),
        'create',
        'NEWCLIENT',
        '--key-version',
        '2',
        '--out',
        join(work, 'keys'),
      ],
      {
        cwd: REPO_ROOT,
        env: { SANDBOX_DATA_DIR: join(work, 'data') },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const publicKeyFile = join(work, 'keys/NEWCLIENT.v2.public.pem');
    expect(result.stdout).toContain(`"file": "${publicKeyFile}"`);
    expect(result.stdout).toContain('"keyVersion": "2"');
    expect(statSync(join(work, 'keys/NEWCLIENT.v2.private.pem')).mode & 0o777).toBe(0o600);
  });

  it('warns when the private key would land in a git repository without being git-ignored', async () => {
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    const git = await run('git', ['init', '-q', repo]);
    expect(git.code, git.stderr).toBe(0);
    writeFileSync(join(repo, '.gitignore'), 'ignored/\n');
    const keys = (out: string) =>
      node(['--import', 'tsx', 'scripts/keys.ts', 'create', 'EXPOSED', '--out', join(repo, out)], {
        env: { SANDBOX_DATA_DIR: join(dir, 'data-exposed') },
      });
    const exposed = await keys('keys');
    expect(exposed.code, exposed.stderr).toBe(0);
    expect(exposed.stdout).toContain(
      `${join(repo, 'keys/EXPOSED.private.pem')} is inside the git repository ${repo} and is not git-ignored`,
    );
    const ignored = await keys('ignored');
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(ignored.stdout).not.toContain('git-ignored');
  });

  it('refuses to touch an invalid config, and creates nothing', async () => {
    const work = join(dir, 'work-invalid');
    mkdirSync(work);
    writeJson(join(work, 'c.json'), { clients: [{ clientId: 'X', signatureMode: 'strict' }] });
    const result = await node(
      [BIN, 'keys', 'create', 'X', '--config', 'c.json', '--data-dir', 'data'],
      { cwd: work },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'c.json: clients[0].signatureMode: "strict" must be one of enforce, warn, off',
    );
    expect(() => statSync(join(work, 'data/keys/X.private.pem'))).toThrow();
  });
});

describe('npx mp-sandbox (bin/mp-sandbox.js)', () => {
  it('prints its usage through npx', async () => {
    const result = await run('npx', ['--offline', 'mp-sandbox', '--help'], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Usage: mp-sandbox [sandbox] [options]');
    expect(result.stdout).toContain('mp-sandbox keys <command>');
  });

  it('passes on the exit code of the command it runs', async () => {
    const unknown = await node([BIN, '--no-such-flag']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown option '--no-such-flag'");
    const help = await node([BIN, 'keys', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('create <clientId>');
  });
});
