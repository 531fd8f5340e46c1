/**
 * The example merchants in examples/merchants/{python,go,php}, each written with its language's
 * standard library (plus Debian's python3-cryptography), run against a real platform over HTTPS
 * with the sandbox's own CA: applyToken, inquiryUserInfo, refresh and revoke, signatures checked
 * both ways, each with the key forms its official SDK takes. A merchant given a wrong platform key
 * is refused, never let through.
 *
 * The toolchains come from Debian (`apt-get install -y golang-go php-cli python3-cryptography`);
 * when one is missing these tests fail and say so: they never skip.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRsaKeyPair, keyPairForms, publicKeyBase64 } from '@mp-sandbox/openapi-client';
import {
  GRANTABLE_SCOPES,
  startTestPlatform,
  testApp,
  testKeys,
  type TestPlatform,
} from '@mp-sandbox/platform/testing';

const EXAMPLES = fileURLToPath(new URL('../examples/merchants/', import.meta.url));
const CLIENT_ID = 'EXAMPLEMERCHANT01';
const APP_ID = 'EXAMPLEAPP01';
const APT = 'apt-get install -y golang-go php-cli python3-cryptography';
/** Debian's Python (with python3-cryptography) when present; PYTHON overrides. */
const PYTHON =
  process.env['PYTHON'] ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

let t: TestPlatform;
let work: string;
const merchant = keyPairForms(generateRsaKeyPair().privateKey);
let goBinary: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking this process (the platform under test answers from here). */
function run(
  file: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = EXAMPLES,
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error
          ? typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : 127
          : 0;
        resolve({
          code,
          stdout,
          stderr: stderr || (error && code === 127 ? String(error.message) : ''),
        });
      },
    );
  });
}

/** Fails (never skips) with the install line when a toolchain is missing. */
async function requireTool(name: string, file: string, args: string[]): Promise<void> {
  const probe = await run(file, args);
  if (probe.code !== 0)
    throw new Error(`${name} is needed for the example merchants: ${APT}\n${probe.stderr}`);
}

beforeAll(async () => {
  await requireTool('python3 with cryptography', PYTHON, ['-c', 'import cryptography']);
  await requireTool('go', 'go', ['version']);
  await requireTool('php', 'php', ['-r', 'exit(extension_loaded("openssl") ? 0 : 1);']);
  work = mkdtempSync(join(tmpdir(), 'mp-merchants-'));
  goBinary = join(work, 'merchant-go');
  // Built once; `go build` of one file with only the standard library needs no network.
  const built = await run(
    'go',
    ['build', '-o', goBinary, 'main.go'],
    { GO111MODULE: 'off', GOCACHE: join(work, 'gocache') },
    join(EXAMPLES, 'go'),
  );
  if (built.code !== 0) throw new Error(`go build failed:\n${built.stderr}`);
  t = await startTestPlatform({
    tls: { port: 0, dir: '', hostNames: [], optional: false },
    seed: {
      // Registered with the one-line base64 public key, as a platform console takes it.
      clients: [
        {
          clientId: CLIENT_ID,
          name: 'Example merchants',
          publicKeys: [{ keyVersion: '1', pem: merchant.publicSpkiBase64 }],
          grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'],
          signatureMode: 'enforce',
        },
      ],
      apps: [testApp(APP_ID, CLIENT_ID, GRANTABLE_SCOPES)],
    },
  });
  writeFileSync(join(work, 'merchant.private.pkcs1.pem'), merchant.privatePkcs1Pem, {
    mode: 0o600,
  });
}, 300_000);

afterAll(async () => {
  await t?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What every example reads: the HTTPS gateway, the CA, its ids, a fresh authCode, the platform key as one line of base64. */
async function commonEnv(
  platformKey = publicKeyBase64(t.platform.keys.publicKey),
): Promise<Record<string, string>> {
  return {
    GATEWAY_URL: t.tls!.url,
    CA_FILE: t.tls!.caFile,
    CLIENT_ID,
    APP_ID,
    AUTH_CODE: await t.issueCode('ana', ['auth_user'], APP_ID),
    PLATFORM_PUBLIC_KEY: platformKey,
  };
}

const LANGUAGES = {
  python: async (env: Record<string, string>) =>
    run(PYTHON, ['python/merchant.py'], {
      ...env,
      MERCHANT_PRIVATE_KEY_FILE: join(work, 'merchant.private.pkcs1.pem'),
    }),
  go: async (env: Record<string, string>) =>
    run(goBinary, [], { ...env, MERCHANT_PRIVATE_KEY: merchant.privatePkcs8Base64 }),
  php: async (env: Record<string, string>) =>
    run('php', ['php/merchant.php'], { ...env, MERCHANT_PRIVATE_KEY: merchant.privatePkcs8Base64 }),
};

describe.each(Object.keys(LANGUAGES) as Array<keyof typeof LANGUAGES>)(
  'the %s example merchant',
  (language) => {
    it('applies for a token, reads the user, refreshes and revokes over HTTPS, verifying every answer', async () => {
      const result = await LANGUAGES[language](await commonEnv());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const outcome = JSON.parse(result.stdout) as Record<string, string>;
      expect(outcome).toMatchObject({
        applyToken: 'SUCCESS',
        inquiryUserInfo: 'SUCCESS',
        refresh: 'SUCCESS',
        revoke: 'SUCCESS',
        afterRevoke: 'INVALID_ACCESS_TOKEN',
      });
      expect(outcome['userId']).toBe(outcome['customerId']);
      // The platform really saw each step, signed by this merchant.
      const calls = (await t.platform.events.list({ type: 'openapi.call' })).filter(
        (e) =>
          e.data['request'] &&
          (e.data['request'] as { headers: Record<string, string> }).headers['client-id'] ===
            CLIENT_ID,
      );
      expect(calls.length).toBeGreaterThanOrEqual(5);
    }, 120_000);

    it('is refused, not let through, when it verifies with a wrong platform key', async () => {
      const wrong = publicKeyBase64(testKeys().stranger.publicKey);
      const result = await LANGUAGES[language](await commonEnv(wrong));
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/does not verify/);
    }, 120_000);
  },
);
