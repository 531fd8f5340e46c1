/**
 * Where each part listens. One hostname everywhere: `localhost` and `127.0.0.1` are different
 * origins, and a postMessage aimed at the wrong one is dropped without a word.
 */
export const DEFAULT_HOST = '127.0.0.1';

type Env = Record<string, string | undefined>;

export const DEFAULT_PORTS = {
  shell: 7700,
  platform: 7701,
  merchant: 7702,
  miniProgram: 7703,
} as const;

export type SandboxPart = keyof typeof DEFAULT_PORTS;

/** The environment variable that moves each part. */
export const PORT_VARIABLES: Record<SandboxPart, string> = {
  shell: 'SHELL_PORT',
  platform: 'PLATFORM_PORT',
  merchant: 'MERCHANT_PORT',
  miniProgram: 'MINI_PROGRAM_PORT',
};

/**
 * Where each part says it is up: a GET that answers 2xx once it serves (docker-compose.yml's
 * healthchecks, the launcher, `startSandbox` and the benches ask these).
 */
export const HEALTH_PATHS = {
  shell: '/',
  platform: '/sandbox/v1/health',
  merchant: '/healthz',
  miniProgram: '/',
} as const satisfies Record<SandboxPart, string>;

/**
 * The platform's HTTPS gateway, with a certificate from the sandbox's own local CA. Not one of the
 * four parts: it is a second listener of the platform. `PLATFORM_TLS_PORT=off` turns it off.
 */
export const DEFAULT_PLATFORM_TLS_PORT = 7704;
export const PLATFORM_TLS_PORT_VARIABLE = 'PLATFORM_TLS_PORT';

/** The HTTPS port from `PLATFORM_TLS_PORT` (default 7704), or undefined when it is `off`. */
export function platformTlsPort(env: Env): number | undefined {
  const raw = env[PLATFORM_TLS_PORT_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_PLATFORM_TLS_PORT;
  if (raw.toLowerCase() === 'off') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${PLATFORM_TLS_PORT_VARIABLE}=${raw} is not a port number (0-65535) or "off"`);
  }
  return value;
}

export interface SandboxAddresses {
  /** The host in every URL: what browsers and the other parts use. */
  host: string;
  /** The address servers listen on: `SANDBOX_BIND_HOST`, or `host` (0.0.0.0 in containers). */
  bindHost: string;
  ports: Record<SandboxPart, number>;
  urls: Record<SandboxPart, string>;
  /**
   * Where a process on this machine reaches each part (the launcher's readiness checks, the shell's
   * `/platform` proxy, the sample merchant's gateway): the bind address, or 127.0.0.1 when the
   * parts listen on every interface. `urls` name `SANDBOX_HOST`, the name a team's browsers use,
   * which need not resolve on this machine, or may resolve to an address the parts do not listen on.
   */
  localUrls: Record<SandboxPart, string>;
}

const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

/** `host` as it stands in a URL: an IPv6 literal in brackets. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function port(env: Env, part: SandboxPart): number {
  const raw = env[PORT_VARIABLES[part]];
  if (raw === undefined || raw === '') return DEFAULT_PORTS[part];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${PORT_VARIABLES[part]}=${raw} is not a port number (0-65535)`);
  }
  return value;
}

/**
 * Reads `SANDBOX_HOST`, `SANDBOX_BIND_HOST` and the `*_PORT` variables, falling back to the
 * defaults. In a container, parts listen on 0.0.0.0 while browsers still reach 127.0.0.1.
 */
export function sandboxAddresses(env: Env): SandboxAddresses {
  const host = env['SANDBOX_HOST'] || DEFAULT_HOST;
  const ports = {
    shell: port(env, 'shell'),
    platform: port(env, 'platform'),
    merchant: port(env, 'merchant'),
    miniProgram: port(env, 'miniProgram'),
  };
  const bindHost = env['SANDBOX_BIND_HOST'] || host;
  const localHost = WILDCARD_ADDRESSES.has(bindHost) ? DEFAULT_HOST : bindHost;
  const urlsAt = (name: string): Record<SandboxPart, string> => {
    const url = (p: number) => `http://${urlHost(name)}:${p}`;
    return {
      shell: url(ports.shell),
      platform: url(ports.platform),
      merchant: url(ports.merchant),
      miniProgram: url(ports.miniProgram),
    };
  };
  return { host, bindHost, ports, urls: urlsAt(host), localUrls: urlsAt(localHost) };
}
