/**
 * Where each part listens. One hostname everywhere: `localhost` and `127.0.0.1` are different
 * origins, and a postMessage aimed at the wrong one is dropped without a word.
 */
export const DEFAULT_HOST = '127.0.0.1';

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

export interface SandboxAddresses {
  /** The host in every URL: what browsers and the other parts use. */
  host: string;
  /** The address servers listen on: `SANDBOX_BIND_HOST`, or `host` (0.0.0.0 in containers). */
  bindHost: string;
  ports: Record<SandboxPart, number>;
  urls: Record<SandboxPart, string>;
}

type Env = Record<string, string | undefined>;

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
  const url = (p: number) => `http://${host}:${p}`;
  return {
    host,
    bindHost: env['SANDBOX_BIND_HOST'] || host,
    ports,
    urls: {
      shell: url(ports.shell),
      platform: url(ports.platform),
      merchant: url(ports.merchant),
      miniProgram: url(ports.miniProgram),
    },
  };
}
