/**
 * The sandbox used the way its users use it: from a project of their own, outside this repository.
 *
 * Every published package is packed (`npm run pack`, the stand-in for a registry release). A
 * project is made in a temp folder with its own package.json (tests/outside/project: a mini
 * program that loads `my` from the wallet's /my.js, a TypeScript merchant server on the installed
 * openapi-client, a sandbox.config.json, a Playwright config of a few lines and a suite written
 * only against the kit). The tarballs are installed with `npm install` (real copies: no workspace,
 * no symlink, no tsx), plus @playwright/test and typescript at the versions this repository uses.
 * tsc type-checks the project against the installed .d.ts files and compiles the merchant; then
 * the suite runs with 3 workers and --repeat-each=3, the sandbox started by the kit's
 * `sandboxWebServer` from the installed launcher, with the project's own config.
 *
 * Needs the npm registry (or a warm npm cache) for @playwright/test, typescript and the
 * launcher's dependencies, and Chromium (CHROMIUM_PATH or a system one).
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '@mp-sandbox/playwright';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mp-outside-'));
const project = join(work, 'vet-visits');

afterAll(() => {
  if (!process.env['KEEP_OUTSIDE_PROJECT']) rmSync(work, { recursive: true, force: true });
}, 120_000);

interface Outcome {
  code: number | null;
  output: string;
}

/** Runs a command to its end; its output is kept for the failure message. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = process.env,
): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, output }));
  });
}

/** The version of a package installed in this repository (the same one goes into the project). */
function installedVersion(name: string): string {
  return (
    JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/** The environment outside: nothing of this repository's npm run or test runner leaks into it. */
function outsideEnv(extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      key.startsWith('npm_') ||
      key.startsWith('VITEST') ||
      key === 'NODE_OPTIONS' ||
      key === 'INIT_CWD'
    )
      continue;
    if (/^(SHELL|PLATFORM|PLATFORM_TLS|MERCHANT|MINI_PROGRAM)_PORT$|^SANDBOX_/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

it(
  'a project outside the repository installs the packed packages and runs its own Playwright suite against the installed launcher',
  async () => {
    // 1. Pack every published package.
    const packs = join(work, 'packs');
    const packed = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/pack.ts', '--out', packs],
      root,
    );
    expect(packed.code, packed.output).toBe(0);
    const tarballs = packed.output
      .trim()
      .split('\n')
      .filter((line) => line.endsWith('.tgz'));
    expect(tarballs.map((t) => t.replace(/.*\//, ''))).toEqual([
      'mp-sandbox-protocol-0.1.0.tgz',
      'mp-sandbox-jsapi-0.1.0.tgz',
      'mp-sandbox-openapi-client-0.1.0.tgz',
      'mp-sandbox-playwright-0.1.0.tgz',
      'mp-sandbox-cli-0.1.0.tgz',
    ]);

    // 2. A project of its own, outside the repository.
    cpSync(join(root, 'tests/outside/project'), project, { recursive: true });
    expect(realpathSync(project).startsWith(realpathSync(root))).toBe(false);
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'vet-visits', private: true, type: 'module' }, null, 2)}\n`,
    );
    mkdirSync(join(project, 'keys'));
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(
      join(project, 'keys/vet-visits.private.pem'),
      pair.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      { mode: 0o600 },
    );
    writeFileSync(
      join(project, 'keys/vet-visits.public.pem'),
      pair.publicKey.export({ type: 'spki', format: 'pem' }),
    );

    const ports = {
      SHELL_PORT: String(await freePort()),
      PLATFORM_PORT: String(await freePort()),
      VET_MINI_PROGRAM_PORT: String(await freePort()),
      VET_MERCHANT_PORT: String(await freePort()),
      PLATFORM_TLS_PORT: String(await freePort()),
    };
    const env = outsideEnv({ ...ports, CI: '1' });

    // 3. Install: copies of the tarballs, no workspace, no link.
    const install = await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--save-dev',
        ...tarballs,
        `@playwright/test@${installedVersion('@playwright/test')}`,
        `typescript@${installedVersion('typescript')}`,
        `@types/node@${installedVersion('@types/node')}`,
      ],
      project,
      env,
    );
    expect(install.code, install.output).toBe(0);
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/@mp-sandbox/playwright/package.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(manifest['peerDependencies']).toEqual({ '@playwright/test': '>=1.50 <2' });
    // Compiled JavaScript and declarations only: no TypeScript source at run time.
    expect(JSON.stringify(manifest['exports'])).not.toMatch(/src\/|(?<!\.d)\.ts"/);

    // 4. Type-check against the installed declarations; compile the merchant.
    const tsc = await run(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      project,
      env,
    );
    expect(tsc.code, tsc.output).toBe(0);

    // 5. The suite: 5 tests, 3 workers, each 3 times.
    const suite = await run(
      process.execPath,
      [
        join(project, 'node_modules/@playwright/test/cli.js'),
        'test',
        '--workers=3',
        '--repeat-each=3',
      ],
      project,
      env,
    );
    const report = JSON.parse(readFileSync(join(project, 'results.json'), 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number };
    };
    expect(report.stats, suite.output).toEqual(
      expect.objectContaining({ expected: 15, unexpected: 0, flaky: 0 }),
    );
    expect(suite.code, suite.output).toBe(0);
  },
  15 * 60_000,
);
