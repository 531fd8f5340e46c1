/**
 * Who may call the control API (`/sandbox/v1`) and the wallet API (`/wallet/v1`), as pure rules on
 * request headers. The platform and the shell's `/platform` proxy (dev and production servers)
 * apply the same rules, so one place says what a browser page on another origin may do: nothing.
 */
import { sandboxAddresses } from './urls.js';

type Env = Record<string, string | undefined>;

/** The header the shell's proxy adds: proof that a wallet call came through the shell's own server. */
export const SHELL_PROXY_SECRET_HEADER = 'x-sandbox-shell-proxy';
/** The file (in `<data dir>/keys/`) holding that secret; the platform creates it at start. */
export const SHELL_PROXY_SECRET_FILE = 'shell-proxy.secret';
/** The wallet session the shell holds for the persona holding the wallet (one per tab). */
export const WALLET_SESSION_HEADER = 'x-wallet-session';
/** The team token that locks the control and wallet APIs of a shared sandbox. */
export const CONTROL_TOKEN_VARIABLE = 'SANDBOX_CONTROL_TOKEN';

/** Names every sandbox answers to: loopback, and the docker-compose service names. */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'] as const;
export const COMPOSE_SERVICE_NAMES = [
  'platform',
  'shell',
  'merchant',
  'mini-program',
  'lb',
  'loadbalancer',
] as const;

/** The part of a `Host` header that names the host: `127.0.0.1:7701` → `127.0.0.1`, `[::1]:80` → `::1`. */
export function hostNameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end > 0 ? trimmed.slice(1, end) : undefined;
  }
  return trimmed.replace(/:\d*$/, '').replace(/\.$/, '');
}

export function isLoopbackHost(host: string): boolean {
  const name = hostNameOf(host) ?? host;
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What the access rules need to know about this sandbox. */
export interface AccessPolicy {
  /** Host names (no port) a control or wallet request may name in `Host`. */
  hostNames: string[];
  /** Browser origins allowed to call: the wallet shell's. */
  shellOrigins: string[];
}

/**
 * The policy from the environment: `SANDBOX_HOST`, the shell's URL, and extra names in
 * `SANDBOX_ALLOWED_HOSTS` (comma-separated host names) and `SANDBOX_ALLOWED_ORIGINS` (origins
 * of more wallet shells, e.g. one behind a team's load balancer).
 */
export function accessPolicyFromEnv(env: Env): AccessPolicy {
  const { host, ports, urls } = sandboxAddresses(env);
  const hostNames = new Set<string>([...LOOPBACK_NAMES, ...COMPOSE_SERVICE_NAMES]);
  for (const name of [host, ...list(env['SANDBOX_ALLOWED_HOSTS'])]) {
    const parsed = hostNameOf(name);
    if (parsed && parsed !== '0.0.0.0' && parsed !== '::') hostNames.add(parsed);
  }
  // The shell's own server answers at these whatever it is bound to (0.0.0.0 in a container).
  const shellOrigins = new Set<string>([
    `http://127.0.0.1:${ports.shell}`,
    `http://localhost:${ports.shell}`,
  ]);
  if (!/^(0\.0\.0\.0|::|\[::\])$/.test(host)) shellOrigins.add(urls.shell);
  for (const origin of list(env['SANDBOX_ALLOWED_ORIGINS'])) {
    // An origin is scheme://host[:port], nothing after it: that is what browsers send in `Origin`.
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(
        `SANDBOX_ALLOWED_ORIGINS: ${JSON.stringify(origin)} is not an origin such as http://127.0.0.1:7700`,
      );
    }
    shellOrigins.add(origin.toLowerCase());
  }
  return { hostNames: [...hostNames], shellOrigins: [...shellOrigins] };
}

/** The headers the rules read (lower-case names, as Node gives them). */
export interface RequestFacts {
  method: string;
  host?: string | undefined;
  origin?: string | undefined;
  secFetchSite?: string | undefined;
  contentType?: string | undefined;
}

export interface AccessRefusal {
  status: 401 | 403 | 415;
  error: string;
  message: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);
/** The content types a browser page may send cross-origin without a preflight. */
const NO_CORS_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Refuses what a browser page that is not the wallet shell could send: a `Host` that is not the
 * sandbox's (DNS rebinding), a foreign `Origin`, a cross-origin request without one, and a
 * state-changing call in a content type a page may post without asking (a form, `no-cors`).
 * Callers that are not browsers (tests, tools, curl) send none of these headers and pass.
 */
export function refuseForeignBrowser(
  req: RequestFacts,
  policy: AccessPolicy,
): AccessRefusal | undefined {
  const name = hostNameOf(req.host);
  if (!name || !policy.hostNames.includes(name)) {
    return {
      status: 403,
      error: 'FORBIDDEN_HOST',
      message: `Host ${JSON.stringify(req.host ?? '')} is not one of the sandbox's names (${policy.hostNames.join(', ')}); call it at 127.0.0.1, or add the name to SANDBOX_ALLOWED_HOSTS`,
    };
  }
  const fromShell = req.origin !== undefined && policy.shellOrigins.includes(req.origin);
  if (req.origin !== undefined && !fromShell) {
    return {
      status: 403,
      error: 'FORBIDDEN_ORIGIN',
      message: `a page at ${req.origin} may not call the sandbox's control or wallet API; only the wallet shell (${policy.shellOrigins.join(', ')}) may. Tests and tools call it without a browser (the Playwright kit, fetch from Node, curl)`,
    };
  }
  if (!fromShell && (req.secFetchSite === 'cross-site' || req.secFetchSite === 'same-site')) {
    return {
      status: 403,
      error: 'FORBIDDEN_ORIGIN',
      message: `a page on another origin (${req.secFetchSite}) may not call the sandbox's control or wallet API; only the wallet shell may`,
    };
  }
  const type = (req.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!SAFE_METHODS.has(req.method.toUpperCase()) && NO_CORS_TYPES.includes(type)) {
    return {
      status: 415,
      error: 'UNSUPPORTED_MEDIA_TYPE',
      message: `${req.method} with Content-Type ${type} is refused (a page on any origin can post that); send JSON with Content-Type: application/json`,
    };
  }
  return undefined;
}

/**
 * When the control and wallet APIs need `Authorization: Bearer <SANDBOX_CONTROL_TOKEN>`: the sandbox
 * is bound to something other than loopback, or it keeps its state in a shared database.
 */
export function controlTokenRequired(options: {
  bindHost: string;
  databaseUrl?: string | undefined;
}): boolean {
  return !isLoopbackHost(options.bindHost) || Boolean(options.databaseUrl);
}

/** Why an exposed sandbox may not start without a token, or undefined when it may start. */
export function exposedWithoutToken(env: Env): string | undefined {
  const { bindHost } = sandboxAddresses(env);
  const databaseUrl = env['SANDBOX_DATABASE_URL'];
  if (!controlTokenRequired({ bindHost, databaseUrl }) || env[CONTROL_TOKEN_VARIABLE])
    return undefined;
  const why = isLoopbackHost(bindHost)
    ? 'a database is configured (SANDBOX_DATABASE_URL, or database in the config file)'
    : `it listens on ${bindHost}, not only on loopback`;
  return `${CONTROL_TOKEN_VARIABLE} is not set, and ${why}: anyone who reaches it could reset it or issue codes. Set ${CONTROL_TOKEN_VARIABLE} to a long random value (e.g. openssl rand -hex 32) and give it to the team's tests`;
}

/**
 * The calls the wallet shell and its console make through `/platform`: nothing else is forwarded.
 * Paths are the platform's (without the `/platform` prefix).
 */
const SHELL_ROUTES: ReadonlyArray<readonly [string, RegExp]> = [
  [
    'GET',
    /^\/sandbox\/v1\/(health|apps|personas|wallets|rules|clock|faults|consent-policies|events\/stream)$/,
  ],
  ['GET', /^\/sandbox\/v1\/avatars\/[^/]+$/],
  ['POST', /^\/sandbox\/v1\/(clock|clock\/advance|faults|consent-policies|reset|events)$/],
  ['DELETE', /^\/sandbox\/v1\/(faults|consent-policies)\/[^/]+$/],
  ['POST', /^\/wallet\/v1\/(session|prepare|authorize|authcodes\/withdraw)$/],
  ['GET', /^\/wallet\/v1\/grants$/],
  ['DELETE', /^\/wallet\/v1\/grants\/[^/]+$/],
];

/** The prefix the shell's proxy serves the platform under. */
export const SHELL_PROXY_PREFIX = '/platform';

/** Whether the shell's proxy forwards `method path` (path without the `/platform` prefix, query allowed). */
export function shellProxyForwards(method: string, path: string): boolean {
  const bare = path.split('?')[0]!;
  if (bare.includes('..') || bare.includes('//') || bare.includes('%2e') || bare.includes('%2E'))
    return false;
  const m = method.toUpperCase();
  return SHELL_ROUTES.some(
    ([routeMethod, pattern]) =>
      (routeMethod === m || (routeMethod === 'GET' && m === 'HEAD')) && pattern.test(bare),
  );
}

/** Request headers the shell's proxy never passes on from the browser (it sets its own). */
export const SHELL_PROXY_STRIPPED_HEADERS = [
  'authorization',
  SHELL_PROXY_SECRET_HEADER,
  'cookie',
  'x-forwarded-for',
  'x-forwarded-host',
] as const;

/**
 * Globs for a Vite dev server's `server.fs.deny`: Vite's own defaults, the data folder (state,
 * journal, keys) wherever it is, and the files it holds, so `/@fs/…` never serves them.
 */
export function dataFolderDeny(dataDir: string): string[] {
  return [
    '.env',
    '.env.*',
    '*.{crt,pem}',
    '**/.env/**',
    '**/.sandbox-data/**',
    `${dataDir.replace(/\\/g, '/')}/**`,
    '*.secret',
    '*.ndjson',
    '**/platform/db.json',
  ];
}
