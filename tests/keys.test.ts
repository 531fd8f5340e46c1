/**
 * `npm run keys -- create`: the pair in every form the official SDKs take, and a config that stays
 * true on another machine (a path relative to the config file, or the public key inline).
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPairForms, signContent, verifyContent } from '@mp-sandbox/openapi-client';
import { readConfigFile } from '@mp-sandbox/platform/config';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mp-keys-test-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function keys(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'scripts/keys.ts'), ...args],
      { cwd, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** A project whose config lives in `project/sandbox/` and whose data folder is `project/data`. */
function project(name: string): { root: string; configFile: string } {
  const root = join(dir, name);
  mkdirSync(join(root, 'sandbox'), { recursive: true });
  const configFile = join(root, 'sandbox', 'sandbox.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ clients: [{ clientId: 'SHOP', publicKeys: [] }] }, null, 2),
  );
  return { root, configFile };
}

describe('keys create', () => {
  it('writes the pair as PKCS#8 PEM, PKCS#1 PEM, one-line base64 and SPKI PEM and base64, all one key, private ones mode 600', async () => {
    const { root } = project('forms');
    const result = await keys(
      ['create', 'SHOP', '--config', 'sandbox/sandbox.config.json', '--data-dir', 'data'],
      root,
    );
    expect(result.code, result.stderr).toBe(0);
    const base = join(root, 'data', 'keys', 'SHOP');
    const read = (suffix: string) => readFileSync(`${base}.${suffix}`, 'utf8');
    const forms = keyPairForms(read('private.pem'));
    expect(read('private.pem')).toBe(forms.privatePkcs8Pem);
    expect(read('private.pkcs1.pem')).toBe(forms.privatePkcs1Pem);
    expect(read('private.base64').trim()).toBe(forms.privatePkcs8Base64);
    expect(read('private.pkcs1.base64').trim()).toBe(forms.privatePkcs1Base64);
    expect(read('public.pem')).toBe(forms.publicSpkiPem);
    expect(read('public.base64').trim()).toBe(forms.publicSpkiBase64);
    for (const suffix of [
      'private.pem',
      'private.pkcs1.pem',
      'private.base64',
      'private.pkcs1.base64',
    ]) {
      expect(statSync(`${base}.${suffix}`).mode & 0o777, suffix).toBe(0o600);
    }
    const signature = signContent(read('private.pkcs1.pem'), 'content');
    expect(verifyContent(read('public.base64'), 'content', signature)).toBe(true);
    // Printed too, for pasting into an SDK's settings.
    expect(result.stdout).toContain(forms.privatePkcs8Base64);
    expect(result.stdout).toContain(forms.publicSpkiBase64);
    expect(result.stdout).toContain('-----BEGIN RSA PRIVATE KEY-----');
  });

  it('writes the key path relative to the config file, also when the key is outside its folder', async () => {
    const { root, configFile } = project('relative');
    const result = await keys(
      ['create', 'SHOP', '--config', 'sandbox/sandbox.config.json', '--data-dir', 'data'],
      root,
    );
    expect(result.code, result.stderr).toBe(0);
    const written = JSON.parse(readFileSync(configFile, 'utf8')) as {
      clients: Array<{ publicKeys: unknown[] }>;
    };
    expect(written.clients[0]!.publicKeys).toEqual([
      { keyVersion: '1', file: '../data/keys/SHOP.public.pem' },
    ]);
    expect(result.stdout).toContain('The path is relative to');
    // Moved elsewhere as a whole (another machine, another checkout), the config still finds it.
    const moved = join(dir, 'relative-moved');
    rmSync(moved, { recursive: true, force: true });
    mkdirSync(moved);
    cpSync(root, moved, { recursive: true });
    const loaded = readConfigFile(join(moved, 'sandbox', 'sandbox.config.json'), {
      env: {},
      dataDir: join(moved, 'data'),
    });
    expect(loaded.clients[0]!.publicKeys[0]!.file).toBe(
      join(moved, 'data', 'keys', 'SHOP.public.pem'),
    );
  });

  it('with --inline puts the public key itself in the config, so the file holds no path and no private key', async () => {
    const { root, configFile } = project('inline');
    const result = await keys(
      [
        'create',
        'SHOP',
        '--config',
        'sandbox/sandbox.config.json',
        '--data-dir',
        'data',
        '--inline',
      ],
      root,
    );
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(configFile, 'utf8');
    const publicBase64 = readFileSync(
      join(root, 'data', 'keys', 'SHOP.public.base64'),
      'utf8',
    ).trim();
    expect(JSON.parse(text).clients[0].publicKeys).toEqual([
      { keyVersion: '1', pem: publicBase64 },
    ]);
    expect(text).not.toMatch(/PRIVATE|"file"/);
    expect(result.stdout).toContain('safe to commit');
    expect(
      readConfigFile(configFile, { env: {}, dataDir: join(root, 'data') }).clients[0]!
        .publicKeys[0]!.pem,
    ).toBe(publicBase64);
  });
});
