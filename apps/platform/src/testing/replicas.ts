import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlatformSeed } from '../config.js';

/** One platform process of a multi-replica test or bench. */
export interface Replica {
  url: string;
  /** The HTTPS gateway's URL, when the replica serves one (`env: { PLATFORM_TLS_PORT: '0' }`). */
  tlsUrl?: string;
  child: ChildProcess;
  /** Resolves when the process has exited (after `stop`, a kill, or a crash). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  /** The database the replicas share; without one, each runs on its embedded store. */
  databaseUrl: string | undefined;
  controlToken: string;
  seed: PlatformSeed;
  /** A folder of the caller's: each replica gets its own data folder in it. */
  dir: string;
  /** Extra environment (lifetimes, etc.). */
  env?: Record<string, string>;
}

const ENTRY = fileURLToPath(new URL('./replica.ts', import.meta.url));

/**
 * Starts `count` platform processes on one database at the same moment (so they also race to
 * migrate and seed, as replicas of a deployment do), each on a free loopback port with its own
 * data folder, and resolves when all of them listen.
 */
export async function startReplicas(count: number, options: ReplicaOptions): Promise<Replica[]> {
  const seedFile = join(options.dir, 'seed.json');
  mkdirSync(options.dir, { recursive: true });
  writeFileSync(seedFile, JSON.stringify(options.seed));
  const started = Array.from({ length: count }, (_, i) => startReplica(i, seedFile, options));
  const settled = await Promise.allSettled(started);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<Replica>).value);
}

function startReplica(index: number, seedFile: string, options: ReplicaOptions): Promise<Replica> {
  const dataDir = join(options.dir, `replica-${index + 1}`);
  mkdirSync(dataDir, { recursive: true });
  const child = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: {
      ...process.env,
      SANDBOX_HOST: '127.0.0.1',
      PLATFORM_PORT: '0',
      PLATFORM_TLS_PORT: 'off',
      SANDBOX_DATA_DIR: dataDir,
      SANDBOX_CONFIG: join(dataDir, 'no-config-file.json'),
      SANDBOX_DATABASE_URL: options.databaseUrl ?? '',
      SANDBOX_CONTROL_TOKEN: options.controlToken,
      REPLICA_SEED_FILE: seedFile,
      ...options.env,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<Replica>((resolve, reject) => {
    child.once('message', (message: { url: string; tlsUrl?: string }) => {
      resolve({
        url: message.url,
        ...(message.tlsUrl && { tlsUrl: message.tlsUrl }),
        child,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
        },
      });
    });
    child.once('exit', (code, signal) =>
      reject(
        new Error(`replica ${index + 1} exited (${code ?? signal}) before it listened:\n${stderr}`),
      ),
    );
  });
}
