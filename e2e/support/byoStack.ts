import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateRsaKeyPair } from '@mp-sandbox/openapi-client';
import { freePort, startSandbox, type RunningSandbox } from '@mp-sandbox/playwright';
import { startChild, stopChild, type Child } from './children';
import { REPO_ROOT } from './stack';

/** The developer's own project: a mini program, its merchant server and a sandbox config. */
export const BYO_DIR = resolve(import.meta.dirname, '../fixtures/byo');
export const BYO_CONFIG = join(BYO_DIR, 'sandbox.config.json');

interface ByoConfig {
  apps: Array<{ appId: string; name: string; authClientId: string }>;
  clients: Array<{ clientId: string }>;
}

/** What the fixture's config registers: the Pet Clinic app and its merchant client. */
export function byoRegistration(): { appId: string; appName: string; clientId: string } {
  const config = JSON.parse(readFileSync(BYO_CONFIG, 'utf8')) as ByoConfig;
  const app = config.apps[0]!;
  return { appId: app.appId, appName: app.name, clientId: app.authClientId };
}

export interface ByoStack {
  /** The sandbox's shell and platform, and the fixture's own mini program and merchant server. */
  urls: { shell: string; platform: string; miniProgram: string; merchant: string };
  appId: string;
  appName: string;
  clientId: string;
  /** The merchant's own key pair, made for this run (never committed). */
  privateKeyFile: string;
  publicKeyFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a sandbox of its own (platform and shell, without the samples) from the fixture's config,
 * then the fixture's mini program (static server) and merchant server, each on a free port of
 * 127.0.0.1. `stop` ends every process it started and removes the keys and data.
 */
export async function startByoStack(): Promise<ByoStack> {
  const { appId, appName, clientId } = byoRegistration();

  // The mini program loads `my` by <script src>: the built bundle of @mp-sandbox/jsapi.
  const build = spawnSync('npm', ['run', 'build:script', '--silent', '-w', '@mp-sandbox/jsapi'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`npm run build -w @mp-sandbox/jsapi failed:\n${build.stdout}${build.stderr}`);

  const work = mkdtempSync(join(tmpdir(), 'byo-'));
  const keysDir = join(work, 'keys');
  mkdirSync(keysDir);
  const privateKeyFile = join(keysDir, 'pet-clinic.private.pem');
  const publicKeyFile = join(keysDir, 'pet-clinic.public.pem');
  const pair = generateRsaKeyPair();
  writeFileSync(privateKeyFile, pair.privateKey, { mode: 0o600 });
  writeFileSync(publicKeyFile, pair.publicKey);

  const miniProgramUrl = `http://127.0.0.1:${await freePort()}`;
  const merchantUrl = `http://127.0.0.1:${await freePort()}`;
  const children: Child[] = [];
  let sandbox: RunningSandbox | undefined;
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await sandbox?.stop();
    rmSync(work, { recursive: true, force: true });
  };

  try {
    sandbox = await startSandbox({
      config: BYO_CONFIG,
      parts: ['shell'],
      dataDir: join(work, 'data'),
      env: {
        BYO_MINI_PROGRAM_URL: miniProgramUrl,
        BYO_PUBLIC_KEY_FILE: publicKeyFile,
        SANDBOX_NO_HMR: '1',
      },
    });
    children.push(
      await startChild(
        'pet-clinic merchant',
        ['--import', 'tsx', 'server.ts'],
        join(BYO_DIR, 'merchant'),
        {
          GATEWAY_URL: sandbox.urls.platform,
          CLIENT_ID: clientId,
          APP_ID: appId,
          PRIVATE_KEY_FILE: privateKeyFile,
          ALLOWED_ORIGIN: miniProgramUrl,
          HOST: '127.0.0.1',
          PORT: new URL(merchantUrl).port,
        },
        `${merchantUrl}/healthz`,
      ),
    );
    children.push(
      await startChild(
        'pet-clinic mini program',
        ['serve.mjs'],
        join(BYO_DIR, 'mini-program'),
        { HOST: '127.0.0.1', PORT: new URL(miniProgramUrl).port, MERCHANT_URL: merchantUrl },
        `${miniProgramUrl}/my.js`,
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    urls: {
      shell: sandbox.urls.shell,
      platform: sandbox.urls.platform,
      miniProgram: miniProgramUrl,
      merchant: merchantUrl,
    },
    appId,
    appName,
    clientId,
    privateKeyFile,
    publicKeyFile,
    stop,
  };
}
