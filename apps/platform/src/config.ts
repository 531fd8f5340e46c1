import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccessOptions } from './access/guard.js';
import { DEFAULT_LIFETIMES, type Lifetimes } from './domain/authorizations.js';
import { readConfigFile, withConfigPorts, type LoadedConfig } from './configFile.js';
import {
  accessPolicyFromEnv,
  exposedWithoutToken,
  hostNameOf,
  platformTlsPort,
  sandboxAddresses,
  type MerchantClient,
  type MiniProgramApp,
  type Persona,
  type Rules,
  type WalletId,
} from './deps.js';

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
  /**
   * `PLATFORM_PUBLIC_URL`: the origin clients reach the platform at when it is not the one it
   * listens on (a load balancer in front): the URLs in answers are built from it.
   */
  publicUrl?: string;
  /** `PLATFORM_PUBLIC_TLS_URL`: the same for the HTTPS gateway. */
  publicTlsUrl?: string;
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
  /** The wallet the sandbox emulates for apps that do not name one (default Alipay+ connect). */
  wallet?: WalletId;
  /** The sandbox's rule modes from the config file (over DEFAULT_RULES). */
  rules?: Partial<Rules>;
  /** The lifetimes the config or the environment set (the others may come from the wallet). */
  lifetimesSet?: Array<keyof Lifetimes>;
  /** The HTTPS listener, when on: its port (0 = a free one) and where the CA and certificate live. */
  tls?: PlatformTlsOptions;
  /** The config file the seed came from, when there was one. */
  configFile?: string;
  /** What the config check found worth saying (never fatal). */
  configWarnings?: string[];
  /**
   * Who may call the control and wallet APIs: the sandbox's host names, the wallet shell's origins,
   * and the team token. Loopback names and http://127.0.0.1:7700 when not given.
   */
  access?: AccessOptions;
  /** How long an idle keep-alive socket stays open (default 75 s: longer than clients keep theirs). */
  keepAliveTimeoutMs?: number;
  /**
   * `SANDBOX_DATABASE_URL`: keep every piece of state in this PostgreSQL database, shared by every
   * platform process on it, instead of the embedded store in `dataDir`.
   */
  databaseUrl?: string;
}

export interface PlatformTlsOptions {
  port: number;
  /** `<data dir>/tls`: the local CA and the server certificate, made at first start. */
  dir: string;
  /** Names the certificate must cover besides loopback and the compose service names. */
  hostNames: string[];
  /** When the port was not asked for (the default), a taken port leaves HTTPS off with a warning. */
  optional: boolean;
}

type Env = Record<string, string | undefined>;

// The config reader, for the launcher, the key command, benches and tests (`@mp-sandbox/platform/config`).
export {
  checkConfig,
  ConfigError,
  configLabel,
  configVariables,
  portEnv,
  readConfigFile,
  readConfigJson,
  withConfigPorts,
  CONFIG_PORT_VARIABLES,
  type CheckContext,
  type ConfigPorts,
  type LoadedConfig,
  type SandboxConfigFile,
} from './configFile.js';

/** Where keys and state live: `SANDBOX_DATA_DIR`, or `.sandbox-data` in the repository. */
export function dataDirFromEnv(env: Env): string {
  return resolve(env['SANDBOX_DATA_DIR'] || resolve(REPO_ROOT, '.sandbox-data'));
}

/** The config file: `SANDBOX_CONFIG`, or the repository's `sandbox.config.json` (the samples). */
export function configFileFromEnv(env: Env): string {
  return resolve(env['SANDBOX_CONFIG'] || resolve(REPO_ROOT, 'sandbox.config.json'));
}

/**
 * Reads a sandbox config file; relative key files are taken from the file's own folder. Throws a
 * ConfigError (every problem, each naming its path) when the file is not valid.
 */
export function loadConfig(file: string, env: Env): LoadedConfig {
  return readConfigFile(file, { env, dataDir: dataDirFromEnv(env) });
}

function duration(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0)
    throw new Error(`${name}=${raw} must be a positive number of milliseconds`);
  return ms;
}

/**
 * `PLATFORM_PUBLIC_URL` (http) and `PLATFORM_PUBLIC_TLS_URL` (https): where clients outside reach
 * the platform when a balancer stands in front of it. Each is an origin, checked here so a typo
 * stops the start instead of printing wrong links in every answer.
 */
export function publicUrlsFromEnv(env: Env): { publicUrl?: string; publicTlsUrl?: string } {
  const read = (name: string, scheme: 'http:' | 'https:') => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      // Reported below.
    }
    const onlyOrigin = url && url.pathname === '/' && !url.search && !url.hash && !url.username;
    if (!url || url.protocol !== scheme || !onlyOrigin)
      throw new Error(
        `${name}=${raw} must be an origin such as ${scheme}//127.0.0.1:${scheme === 'http:' ? 7721 : 7724} (the balancer's address as clients reach it; no path)`,
      );
    return url.origin;
  };
  const publicUrl = read('PLATFORM_PUBLIC_URL', 'http:');
  const publicTlsUrl = read('PLATFORM_PUBLIC_TLS_URL', 'https:');
  return { ...(publicUrl && { publicUrl }), ...(publicTlsUrl && { publicTlsUrl }) };
}

/** The platform's options from the environment, as `npm run sandbox` and the container start it. */
export function optionsFromEnv(env: Env): PlatformOptions {
  const dataDir = dataDirFromEnv(env);
  const configFile = configFileFromEnv(env);
  // A missing file registers nothing (the tools that start a bare platform rely on it).
  const config = existsSync(configFile) ? loadConfig(configFile, env) : undefined;
  const portsEnv = withConfigPorts(env, config?.ports);
  const { host, bindHost, ports } = sandboxAddresses(portsEnv);
  // A platform on a free port (tests, tools) takes a free HTTPS port too, never the fixed default.
  const tlsPort =
    ports.platform === 0 && !portsEnv['PLATFORM_TLS_PORT'] ? 0 : platformTlsPort(portsEnv);
  const databaseUrl = env['SANDBOX_DATABASE_URL'] || config?.database;
  // An exposed or shared sandbox without a team token would let anyone reset it or issue codes.
  const exposed = exposedWithoutToken({
    ...portsEnv,
    ...(databaseUrl && { SANDBOX_DATABASE_URL: databaseUrl }),
  });
  if (exposed) throw new Error(exposed);
  const controlToken = env['SANDBOX_CONTROL_TOKEN'];
  const publicUrls = publicUrlsFromEnv(env);
  // The public URLs' hosts are the platform's own names: allowed in `Host`, named by the certificate.
  const publicHostNames = Object.values(publicUrls).map((url) => hostNameOf(new URL(url).host)!);
  const policy = accessPolicyFromEnv(portsEnv);
  const seed: PlatformSeed = {
    apps: config?.apps ?? [],
    clients: config?.clients ?? [],
    personas: config?.personas ?? [],
  };
  const fromFile = config?.lifetimes ?? {};
  const lifetimesSet = (['authCodeMs', 'accessTokenMs', 'refreshTokenMs'] as const).filter(
    (key) =>
      fromFile[key] !== undefined ||
      env[
        {
          authCodeMs: 'AUTH_CODE_TTL_MS',
          accessTokenMs: 'ACCESS_TOKEN_TTL_MS',
          refreshTokenMs: 'REFRESH_TOKEN_TTL_MS',
        }[key]
      ],
  );
  return {
    host: bindHost,
    publicHost: host,
    port: ports.platform,
    dataDir: resolve(dataDir, 'platform'),
    keysDir: resolve(dataDir, 'keys'),
    seed,
    lifetimes: {
      authCodeMs: duration(
        env,
        'AUTH_CODE_TTL_MS',
        fromFile.authCodeMs ?? DEFAULT_LIFETIMES.authCodeMs,
      ),
      accessTokenMs: duration(
        env,
        'ACCESS_TOKEN_TTL_MS',
        fromFile.accessTokenMs ?? DEFAULT_LIFETIMES.accessTokenMs,
      ),
      refreshTokenMs: duration(
        env,
        'REFRESH_TOKEN_TTL_MS',
        fromFile.refreshTokenMs ?? DEFAULT_LIFETIMES.refreshTokenMs,
      ),
    },
    lifetimesSet,
    ...(config?.wallet && { wallet: config.wallet }),
    ...(config?.rules && { rules: config.rules }),
    requestTimeToleranceMs: duration(env, 'REQUEST_TIME_TOLERANCE_MS', 5 * 60_000),
    purgeGraceMs: duration(env, 'PURGE_GRACE_MS', 24 * 60 * 60_000),
    log: (line) => console.log(line),
    ...publicUrls,
    access: {
      ...policy,
      hostNames: [...new Set([...policy.hostNames, ...publicHostNames])],
      ...(controlToken && { controlToken }),
    },
    ...(tlsPort !== undefined && {
      tls: {
        port: tlsPort,
        dir: resolve(dataDir, 'tls'),
        hostNames: [
          host,
          bindHost,
          ...publicHostNames,
          ...(env['SANDBOX_TLS_HOSTS'] ?? '').split(',').map((name) => name.trim()),
        ].filter(Boolean),
        optional: !portsEnv['PLATFORM_TLS_PORT'],
      },
    }),
    ...(config && { configFile, configWarnings: config.warnings }),
    ...(databaseUrl && { databaseUrl }),
  };
}
