import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIFETIMES, type Lifetimes } from './domain/authorizations.js';
import { sandboxAddresses, type MerchantClient, type MiniProgramApp, type Persona } from './deps.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** What the platform is registered with at start and after every reset. */
export interface PlatformSeed {
  apps: MiniProgramApp[];
  clients: MerchantClient[];
  /** Added to (or replacing, by id) the built-in personas. */
  personas: Persona[];
}

export interface PlatformOptions {
  /** The address to listen on. */
  host: string;
  /** The host in the platform's own URLs (avatars, the OpenAPI document), when not `host`. */
  publicHost?: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  seed: PlatformSeed;
  lifetimes: Lifetimes;
  /** How far a Request-Time may be from the sandbox clock (or the wall clock) before it is refused. */
  requestTimeToleranceMs: number;
  /** How long dead codes and tokens are kept (so replays still get USED_…/EXPIRED_…) before they are purged. */
  purgeGraceMs: number;
  /** The key pair the platform signs responses with is kept here, created on first start. */
  keysDir: string;
  log: (line: string) => void;
}

type Env = Record<string, string | undefined>;

/** `${NAME}` in config strings: the sandbox's URLs, its data folder, and the environment. */
export function configVariables(env: Env, dataDir: string): Record<string, string> {
  const { urls } = sandboxAddresses(env);
  return {
    ...Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    SHELL_URL: urls.shell,
    PLATFORM_URL: urls.platform,
    MERCHANT_URL: urls.merchant,
    MINI_PROGRAM_URL: urls.miniProgram,
    SANDBOX_DATA_DIR: dataDir,
  };
}

function interpolate(value: unknown, vars: Record<string, string>, path: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new Error(`${path}: \${${name}} is not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, vars, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, `${path}.${k}`)]));
  }
  return value;
}

/** Reads a sandbox config file; relative key files are taken from the file's own folder. */
export function loadSeedFile(file: string, vars: Record<string, string>): PlatformSeed {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const config = interpolate(raw, vars, file) as Partial<PlatformSeed>;
  const base = dirname(file);
  const clients = (config.clients ?? []).map((client) => ({
    ...client,
    publicKeys: client.publicKeys.map((key) => (key.file ? { ...key, file: resolve(base, key.file) } : key)),
  }));
  return { apps: config.apps ?? [], clients, personas: config.personas ?? [] };
}

function duration(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`${name}=${raw} must be a positive number of milliseconds`);
  return ms;
}

/** The platform's options from the environment, as `npm run sandbox` and the container start it. */
export function optionsFromEnv(env: Env): PlatformOptions {
  const { host, bindHost, ports } = sandboxAddresses(env);
  const dataDir = resolve(env['SANDBOX_DATA_DIR'] ?? resolve(REPO_ROOT, '.sandbox-data'));
  const configFile = resolve(env['SANDBOX_CONFIG'] ?? resolve(REPO_ROOT, 'sandbox.config.json'));
  const seed = existsSync(configFile)
    ? loadSeedFile(configFile, configVariables(env, dataDir))
    : { apps: [], clients: [], personas: [] };
  return {
    host: bindHost,
    publicHost: host,
    port: ports.platform,
    dataDir: resolve(dataDir, 'platform'),
    keysDir: resolve(dataDir, 'keys'),
    seed,
    lifetimes: {
      authCodeMs: duration(env, 'AUTH_CODE_TTL_MS', DEFAULT_LIFETIMES.authCodeMs),
      accessTokenMs: duration(env, 'ACCESS_TOKEN_TTL_MS', DEFAULT_LIFETIMES.accessTokenMs),
      refreshTokenMs: duration(env, 'REFRESH_TOKEN_TTL_MS', DEFAULT_LIFETIMES.refreshTokenMs),
    },
    requestTimeToleranceMs: duration(env, 'REQUEST_TIME_TOLERANCE_MS', 5 * 60_000),
    purgeGraceMs: duration(env, 'PURGE_GRACE_MS', 24 * 60 * 60_000),
    log: (line) => console.log(line),
  };
}
