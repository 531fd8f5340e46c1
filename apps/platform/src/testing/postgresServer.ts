import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@mp-sandbox/playwright/freePort';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for tests and benches: Debian's `postgresql` binaries, a fresh
 * data folder under /tmp, a free loopback port, trust authentication, removed on `stop()`.
 * PostgreSQL refuses to run as root, so as root (CI) the server runs as the `postgres` user.
 */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  /** Creates an empty database and returns its URL (one per test file keeps them apart). */
  createDatabase(name: string): Promise<string>;
  /**
   * CPU seconds the server's processes have used so far (the postmaster, the processes it runs
   * and those it has reaped), from Linux's `/proc`; undefined elsewhere. For benches: the
   * database's own work, which a loaded machine skews far less than the wall clock.
   */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /**
   * Keep PostgreSQL's fsync (default false: tests lose nothing to a crash of the database, only
   * of the platform). Benches that compare with the embedded store's fsync'd journal pass true.
   */
  fsync?: boolean;
}

const INSTALL_HINT =
  'install PostgreSQL (Debian: apt-get install -y postgresql) or set PG_BIN to its bin folder';

/** The bin folder: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`No PostgreSQL server binaries found in ${root}: ${INSTALL_HINT}`);
  return join(root, newest, 'bin');
}

/** As root, the uid/gid of the `postgres` user to run the server as; otherwise ourselves. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0)
    throw new Error(
      `Running as root and there is no 'postgres' user to run PostgreSQL as: ${INSTALL_HINT}`,
    );
  return { uid, gid };
}

/** Resolves when the server logs that it accepts connections; rejects if it exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        child.stderr?.resume();
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`PostgreSQL exited (${code}) before it was ready:\n${log.slice(-2000)}`));
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'pg-'));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    {
      encoding: 'utf8',
      ...user,
    },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.error?.message ?? init.status}): ${init.stderr}`);
  }

  // The port is free when asked and taken a moment later: a lost race just tries another one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const settings = {
      listen_addresses: '127.0.0.1',
      port: String(port),
      unix_socket_directories: dir,
      fsync: options.fsync ? 'on' : 'off',
      full_page_writes: options.fsync ? 'on' : 'off',
      max_connections: '200',
      shared_buffers: '128MB',
      logging_collector: 'off',
    };
    const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const child = spawn(join(bin, 'postgres'), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...user,
    });
    // A test runner that dies must not leave the server behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      await ready(child);
    } catch (error) {
      process.off('exit', killOnExit);
      if (attempt < 3 && /could not bind|Address already in use/.test((error as Error).message))
        continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
      url,
      port,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name))
          throw new Error(`database name ${name}: use lower-case letters, digits and _`);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      cpuSeconds: () => (child.pid === undefined ? undefined : processTreeCpu(child.pid)),
      async stop() {
        process.off('exit', killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
          // Immediate shutdown: the data folder is thrown away next, so no checkpoint is worth waiting for.
          child.kill('SIGQUIT');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** `/proc/<pid>/stat`'s fields after the command name: state is [0], ppid [1], utime [11]. */
function statFields(pid: string | number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone meanwhile, or no /proc
  }
}

/** utime + stime of `pid` and of its children (live, and reaped: cutime + cstime), in seconds. */
function processTreeCpu(pid: number): number | undefined {
  const own = statFields(pid);
  if (!own) return undefined;
  const ticks = (fields: string[], from: number, to: number) =>
    fields.slice(from, to + 1).reduce((sum, f) => sum + Number(f), 0);
  let total = ticks(own, 11, 14);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === pid) total += ticks(fields, 11, 12);
  }
  return total / ticksPerSecond();
}

/** The kernel's clock ticks per second, in which `/proc` counts CPU time (100 on Linux). */
let clockTicks: number | undefined;
function ticksPerSecond(): number {
  clockTicks ??=
    Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
  return clockTicks;
}
