/**
 * Reads and checks a sandbox config file (`sandbox.config.json`). The platform, the launcher
 * (`npm run sandbox`) and the key command all use it, so a bad file is reported the same way
 * everywhere: one line per problem, each naming the file and the path of the bad value, e.g.
 *
 *   sandbox.config.json: apps[1].scopes[2]: "USER_FOO" is not a scope; known: auth_base, …
 *
 * First the file is checked against the protocol's `configFileSchema` (the declaration
 * `sandbox.config.schema.json` is generated from), then `${VAR}`s are expanded and what the schema
 * cannot say is checked: every app's client exists, IDs are not repeated, URLs and keys are usable.
 */
import { readPublicKey } from '@mp-sandbox/openapi-client';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import {
  checkInput,
  configFileSchema,
  parseDuration,
  problemLine,
  REGISTRY_DEFAULTS,
  REQUEST_DOMAIN,
  showValue as show,
  PLATFORM_TLS_PORT_VARIABLE,
  PORT_VARIABLES,
  sandboxAddresses,
  type MerchantClient,
  type MiniProgramApp,
  type Persona,
  type SandboxConfigFile,
  type SandboxPart,
  type Rules,
  type WalletId,
} from './deps.js';
import type { Lifetimes } from './domain/authorizations.js';

type Env = Record<string, string | undefined>;

/** The file as written (before `${VAR}`s are expanded and defaults applied): the protocol's type. */
export type { SandboxConfigFile } from './deps.js';

/** The ports a file may set: the four parts, and the platform's HTTPS gateway. */
export type ConfigPorts = Partial<Record<SandboxPart | 'platformTls', number>>;

/** The variable that overrides each field of `ports`. */
export const CONFIG_PORT_VARIABLES: Record<keyof ConfigPorts, string> = {
  ...PORT_VARIABLES,
  platformTls: PLATFORM_TLS_PORT_VARIABLE,
};

/** A checked config: what the platform registers, and what the file sets of lifetimes and ports. */
export interface LoadedConfig {
  file: string;
  apps: MiniProgramApp[];
  clients: MerchantClient[];
  personas: Persona[];
  lifetimes: Partial<Lifetimes>;
  ports: ConfigPorts;
  /** The sandbox's wallet profile, when the file names one. */
  wallet?: WalletId;
  /** The sandbox's rule modes, when the file sets some. */
  rules?: Partial<Rules>;
  /** The PostgreSQL database of a team sandbox, when the file names one. */
  database?: string;
  /** Things that work but are probably not meant (printed, never fatal). */
  warnings: string[];
  /** The file as written, for tools that edit it. */
  raw: SandboxConfigFile;
}

/** A config file that cannot be used: `problems` are its lines, without the file name. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${configLabel(file)}: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The file as a person would name it: relative to the working folder when inside it. */
export function configLabel(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** `${NAME}` in config strings: the sandbox's URLs, its data folder, and the environment. */
export function configVariables(env: Env, dataDir: string): Record<string, string> {
  const { urls } = sandboxAddresses(env);
  return {
    ...Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    SHELL_URL: urls.shell,
    PLATFORM_URL: urls.platform,
    MERCHANT_URL: urls.merchant,
    MINI_PROGRAM_URL: urls.miniProgram,
    SANDBOX_DATA_DIR: dataDir,
  };
}

/** The `*_PORT` variables a file's `ports` stands for. */
export function portEnv(ports: ConfigPorts | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ports ?? {}).map(([part, port]) => [
      CONFIG_PORT_VARIABLES[part as keyof ConfigPorts],
      String(port),
    ]),
  );
}

/** The environment with the file's ports under it: a `*_PORT` variable that is set wins. */
export function withConfigPorts(env: Env, ports: ConfigPorts | undefined): Env {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  return { ...portEnv(ports), ...set };
}

// ---------------------------------------------------------------------------------------------
// Loading: variables, meaning, defaults

export interface CheckContext {
  /** The file's own path: relative key files are taken from its folder. */
  file: string;
  /** The environment (`*_PORT`, `SANDBOX_HOST`, and any `${VAR}` the file uses). */
  env: Env;
  /** What `${SANDBOX_DATA_DIR}` stands for. */
  dataDir: string;
}

function expand(
  value: unknown,
  vars: Record<string, string>,
  path: string,
  problems: string[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => {
      const v = vars[name];
      if (v !== undefined) return v;
      problems.push(
        `${path}: ${whole} is not set; set ${name} in the environment, or use SHELL_URL, PLATFORM_URL, MERCHANT_URL, MINI_PROGRAM_URL or SANDBOX_DATA_DIR`,
      );
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expand(v, vars, `${path}[${i}]`, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        expand(v, vars, path ? `${path}.${k}` : k, problems),
      ]),
    );
  }
  return value;
}

function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function expandedFrom(raw: string, expanded: string): string {
  return raw === expanded ? show(expanded) : `${show(expanded)} (from ${show(raw)})`;
}

function duplicates<T>(
  items: T[],
  key: (item: T) => string,
  path: (i: number) => string,
  what: string,
  problems: string[],
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else
      problems.push(
        `${path(i)}: ${show(k)} is already ${path(first)}; each ${what} must be listed once`,
      );
  });
}

/**
 * Checks a parsed config file and builds what the platform registers. Returns the problems (lines
 * without the file name) instead of throwing, so every problem is reported at once.
 */
export function checkConfig(
  raw: unknown,
  context: CheckContext,
): { problems: string[]; config?: LoadedConfig } {
  const checked = checkInput(configFileSchema, raw);
  if (!checked.ok) return { problems: checked.problems.map((problem) => problemLine(problem)) };
  const written: SandboxConfigFile = checked.value;
  const problems: string[] = [];
  const warnings: string[] = [];

  const env = withConfigPorts(context.env, written.ports);
  let addresses: ReturnType<typeof sandboxAddresses>;
  try {
    addresses = sandboxAddresses(env);
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const vars = configVariables(env, context.dataDir);
  const { $schema: _schema, ...content } = written;
  const config = expand(content, vars, '', problems) as SandboxConfigFile;
  const apps = config.apps ?? [];
  const clients = config.clients ?? [];
  const personas = config.personas ?? [];
  const rawApps = written.apps ?? [];

  duplicates(
    apps,
    (a) => a.appId,
    (i) => `apps[${i}].appId`,
    'appId',
    problems,
  );
  duplicates(
    clients,
    (c) => c.clientId,
    (i) => `clients[${i}].clientId`,
    'clientId',
    problems,
  );
  duplicates(
    personas,
    (p) => p.id,
    (i) => `personas[${i}].id`,
    'persona id',
    problems,
  );

  const clientIds = clients.map((c) => c.clientId);
  const origins: Record<string, string> = {
    [new URL(addresses.urls.shell).origin]: 'the wallet shell',
    [new URL(addresses.urls.platform).origin]: 'the platform',
  };
  apps.forEach((app, i) => {
    if (!clientIds.includes(app.authClientId)) {
      problems.push(
        `apps[${i}].authClientId: ${show(app.authClientId)} is not a client in this file; ${
          clientIds.length ? `clients: ${clientIds.join(', ')}` : 'add it under "clients"'
        }`,
      );
    }
    const url = httpUrl(app.url);
    if (!url) {
      problems.push(
        `apps[${i}].url: ${expandedFrom(rawApps[i]!.url, app.url)} is not an http(s) URL`,
      );
    } else {
      const taken = origins[url.origin];
      if (taken) {
        problems.push(
          `apps[${i}].url: ${url.origin} is ${taken}'s own origin; serve the mini program from an origin of its own (another port)`,
        );
      } else if (
        url.hostname !== addresses.host &&
        ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
      ) {
        warnings.push(
          `apps[${i}].url: ${url.origin} uses ${url.hostname}, but the wallet runs at ${addresses.urls.shell}; ${url.hostname} and ${addresses.host} are different origins, so use ${addresses.host} everywhere`,
        );
      }
    }
    app.requestDomains?.forEach((domain, j) => {
      if (!REQUEST_DOMAIN.test(domain)) {
        problems.push(
          `apps[${i}].requestDomains[${j}]: ${expandedFrom(rawApps[i]!.requestDomains![j]!, domain)} must be an http(s) origin such as https://api.example.com, or a host name`,
        );
      }
    });
  });

  const base = dirname(context.file);
  clients.forEach((client, i) => {
    const keys = client.publicKeys ?? [];
    duplicates(
      keys,
      (k) => k.keyVersion,
      (j) => `clients[${i}].publicKeys[${j}].keyVersion`,
      'keyVersion of a client',
      problems,
    );
    keys.forEach((key, j) => {
      if (key.pem === undefined) return;
      const read = readPublicKey(key.pem);
      if ('problem' in read) problems.push(`clients[${i}].publicKeys[${j}].pem: ${read.problem}`);
    });
    if (keys.length === 0 && client.signatureMode !== 'off') {
      warnings.push(
        `clients[${i}].publicKeys: ${client.clientId} has no key yet, so its signed calls fail with KEY_NOT_FOUND; create one with: npm run keys -- create ${client.clientId} --config ${configLabel(context.file)}`,
      );
    }
  });

  const lifetimes: Partial<Lifetimes> = {};
  const LIFETIME_FIELDS = {
    authCodeTtl: 'authCodeMs',
    accessTokenTtl: 'accessTokenMs',
    refreshTokenTtl: 'refreshTokenMs',
  } as const;
  for (const [field, key] of Object.entries(LIFETIME_FIELDS) as Array<
    [keyof typeof LIFETIME_FIELDS, keyof Lifetimes]
  >) {
    const value = written.lifetimes?.[field];
    if (value === undefined) continue;
    const ms = parseDuration(value);
    if (ms === undefined || ms <= 0)
      problems.push(`lifetimes.${field}: ${show(value)} must be longer than 0`);
    else lifetimes[key] = ms;
  }

  const ports = written.ports ?? {};
  const byPort = new Map<number, string>();
  for (const [part, port] of Object.entries(ports)) {
    const other = byPort.get(port);
    if (other)
      problems.push(
        `ports.${part}: ${port} is also ports.${other}; each part needs a port of its own`,
      );
    else byPort.set(port, part);
  }

  if (problems.length > 0) return { problems };
  return {
    problems: [],
    config: {
      file: context.file,
      apps: apps.map((app): MiniProgramApp => ({ ...REGISTRY_DEFAULTS.app(), ...app })),
      clients: clients.map((client): MerchantClient => ({
        ...REGISTRY_DEFAULTS.client(client.clientId),
        ...client,
        publicKeys: (client.publicKeys ?? []).map((key) =>
          key.file ? { ...key, file: resolve(base, key.file) } : key,
        ),
      })),
      personas: personas.map((persona): Persona => ({
        ...REGISTRY_DEFAULTS.persona(),
        ...persona,
      })),
      lifetimes,
      ports,
      warnings,
      raw: written,
      ...(written.wallet && { wallet: written.wallet }),
      ...(written.rules && { rules: written.rules }),
      ...(config.database && { database: config.database }),
    },
  };
}

/** Reads the raw JSON of a config file, or throws a ConfigError that says why it cannot. */
export function readConfigJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [
      code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as Error).message})`,
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
}

/** Reads and checks a config file; throws a ConfigError naming every problem. */
export function readConfigFile(file: string, context: Omit<CheckContext, 'file'>): LoadedConfig {
  const absolute = resolve(file);
  const { problems, config } = checkConfig(readConfigJson(absolute), {
    ...context,
    file: absolute,
  });
  if (!config) throw new ConfigError(absolute, problems);
  return config;
}
