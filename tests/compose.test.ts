/**
 * docker-compose.yml and the Dockerfile, checked against the code, since no Docker engine runs here.
 *
 * For every service: its command runs the installed launcher for that one part
 * (`npx --no-install mp-sandbox --only <part>`, the production build the Dockerfile installs);
 * its published port is that part's default; its healthcheck asks a route the part really serves (the platform and the
 * merchant are started in-process and the healthcheck's own script is run against them); every
 * environment variable it sets is read by that part's code, and with that environment the code
 * listens on 0.0.0.0, on the published port, and hands out the right URLs (browser origins at
 * 127.0.0.1, server-to-server calls to the service name). The data volume is where
 * SANDBOX_DATA_DIR points. docker-compose v1 validates the file when it is installed.
 *
 * Two variables carry the container's addressing:
 *   - SANDBOX_BIND_HOST (platform, mini-program): where the part listens; SANDBOX_HOST stays the
 *     host in the URLs the browser uses. Without it the platform and the mini program would bind
 *     127.0.0.1 inside their containers and their published ports would reach nothing.
 *   - SHELL_PLATFORM_URL (shell): where the shell's /platform proxy goes. Without it the proxy
 *     would go to the shell's own container.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DEFAULT_PLATFORM_TLS_PORT,
  DEFAULT_PORTS,
  HEALTH_PATHS,
  PLATFORM_TLS_PORT_VARIABLE,
  PORT_VARIABLES,
  sandboxAddresses,
  type SandboxPart,
} from '@mp-sandbox/protocol';
import { createShellProxy } from '../apps/shell/server/proxyPolicy.js';
import { optionsFromEnv as platformOptionsFromEnv } from '@mp-sandbox/platform/config';
import { startTestPlatform, type TestPlatform } from '@mp-sandbox/platform/testing';
import {
  optionsFromEnv as merchantOptionsFromEnv,
  startMerchant,
  type RunningMerchant,
} from '@mp-sandbox/merchant';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(resolve(REPO_ROOT, path), 'utf8');

// ---------------------------------------------------------------------------------------------
// The files under test

interface ComposeService {
  build?: string | { context?: string; dockerfile?: string };
  image?: string;
  command?: string | string[];
  ports?: Array<string | { target: number; published?: number | string; host_ip?: string }>;
  environment?: Record<string, string | number | null> | string[];
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  healthcheck?: { test?: string | string[]; [key: string]: unknown };
  depends_on?: string[] | Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
};
const dockerfile = read('Dockerfile');
const dockerignore = read('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** Compose service name to the sandbox part it runs. */
const PART_OF: Record<string, SandboxPart> = {
  platform: 'platform',
  merchant: 'merchant',
  'mini-program': 'miniProgram',
  shell: 'shell',
};
const SERVICES = Object.keys(PART_OF);
/** The host the browser reaches every published port at (the sandbox's one hostname). */
const BROWSER_HOST = '127.0.0.1';

function service(name: string): ComposeService {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
}

function environmentOf(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

function commandOf(name: string): string[] {
  const command = service(name).command;
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}

interface Published {
  hostIp: string | undefined;
  host: number;
  container: number;
}

function portsOf(name: string): Published[] {
  return (service(name).ports ?? []).map((entry) => {
    if (typeof entry === 'object') {
      return {
        hostIp: entry.host_ip,
        host: Number(entry.published),
        container: Number(entry.target),
      };
    }
    const parts = entry.replace(/\/(tcp|udp)$/, '').split(':');
    const container = Number(parts.pop());
    const host = parts.length ? Number(parts.pop()) : NaN;
    return { hostIp: parts.pop(), host, container };
  });
}

/** The one port the service listens on inside its container. */
function containerPort(name: string): number {
  const [first] = portsOf(name);
  if (!first) throw new Error(`service ${name} publishes no port`);
  return first.container;
}

function healthUrl(name: string): URL {
  const test = service(name).healthcheck?.test;
  const text = Array.isArray(test) ? test.join(' ') : (test ?? '');
  const match = /fetch\(\s*['"]([^'"]+)['"]/.exec(text);
  if (!match) throw new Error(`the healthcheck of ${name} has no fetch('<url>') in it: ${text}`);
  return new URL(match[1]!);
}

function mountsOf(name: string): Array<{ source: string; target: string }> {
  return (service(name).volumes ?? []).map((v) => {
    if (typeof v === 'object') return { source: v.source ?? '', target: v.target };
    const [source = '', target = ''] = v.split(':');
    return { source, target };
  });
}

/** The image's working directory (the same in both stages): where the repository is copied. */
const WORKDIR = /^WORKDIR\s+(\S+)/m.exec(dockerfile)?.[1] ?? '';

/** A path inside the image, as the same path in this checkout (the image holds a copy of it). */
function inRepo(imagePath: string): string {
  expect(
    imagePath.startsWith(`${WORKDIR}/`),
    `${imagePath} is inside the image's WORKDIR ${WORKDIR}`,
  ).toBe(true);
  return resolve(REPO_ROOT, imagePath.slice(WORKDIR.length + 1));
}

// ---------------------------------------------------------------------------------------------
// The code: workspaces and their sources

interface Workspace {
  name: string;
  dir: string;
  scripts: Record<string, string>;
  dependencies: string[];
}

function workspaces(): Workspace[] {
  const root = JSON.parse(read('package.json')) as { workspaces: string[] };
  const dirs = root.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(resolve(REPO_ROOT, parent)).map((d) => `${parent}/${d}`);
  });
  return dirs
    .filter((dir) => existsSync(resolve(REPO_ROOT, dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(read(`${dir}/package.json`)) as {
        name: string;
        scripts?: Record<string, string>;
        dependencies?: Record<string, string>;
      };
      return {
        name: pkg.name,
        dir,
        scripts: pkg.scripts ?? {},
        dependencies: Object.keys(pkg.dependencies ?? {}),
      };
    });
}
const WORKSPACES = workspaces();

/** The workspace and the workspaces it depends on at run time, transitively. */
function runtimeClosure(workspace: Workspace): Workspace[] {
  const seen = new Map<string, Workspace>();
  const visit = (w: Workspace) => {
    if (seen.has(w.name)) return;
    seen.set(w.name, w);
    for (const dep of w.dependencies) {
      const found = WORKSPACES.find((x) => x.name === dep);
      if (found) visit(found);
    }
  };
  visit(workspace);
  return [...seen.values()];
}

/** Source files that run (not tests or test helpers), with node_modules left out. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      if (entry === 'node_modules' || entry === 'testing' || entry.startsWith('.')) continue;
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (
        /\.(ts|tsx|mts|js|mjs)$/.test(entry) &&
        !/\.test\.tsx?$/.test(entry) &&
        !entry.endsWith('.d.ts')
      )
        out.push(full);
    }
  };
  walk(resolve(REPO_ROOT, dir));
  return out;
}

/** The workspace of the part a service runs (`apps/<service>`), bundled into the launcher. */
function workspaceOfService(name: string): Workspace {
  const found = WORKSPACES.find((w) => w.dir === `apps/${name}`);
  if (!found) throw new Error(`service ${name} runs a part with no workspace apps/${name}`);
  return found;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where the part's own code (and the workspaces it runs with) reads `name` from the environment:
 * `env['NAME']`, `env.NAME`, `helper(env, 'NAME')`, or the port and host variables urls.ts reads
 * for every caller of `sandboxAddresses` (and of `platformTlsPort`).
 */
function readersOf(serviceName: string, variable: string): string[] {
  // The part's code and the launcher's (scripts/), which runs it in the container.
  const files = [
    ...runtimeClosure(workspaceOfService(serviceName)).flatMap((w) => sourceFiles(w.dir)),
    ...sourceFiles('scripts'),
  ];
  const direct = new RegExp(
    `env\\s*\\[\\s*['"\`]${escape(variable)}['"\`]\\s*\\]|env\\.${escape(variable)}\\b|\\(\\s*env\\s*,\\s*['"\`]${escape(variable)}['"\`]`,
  );
  const viaAddresses =
    Object.values(PORT_VARIABLES).includes(variable) || variable === 'SANDBOX_HOST';
  const readers = files.filter((file) => {
    const text = readFileSync(file, 'utf8');
    return (
      direct.test(text) ||
      (viaAddresses && /\bsandboxAddresses\s*\(/.test(text)) ||
      (variable === PLATFORM_TLS_PORT_VARIABLE && /\bplatformTlsPort\s*\(/.test(text))
    );
  });
  return readers.map((f) => relative(REPO_ROOT, f));
}

/**
 * Runs a service's healthcheck command on this machine, aimed at `port` instead of its own, and
 * resolves with its exit code. Asynchronous: the servers it asks run in this process.
 */
async function runHealthcheck(name: string, port: number): Promise<number | null> {
  const test = service(name).healthcheck?.test;
  if (!Array.isArray(test) || test[0] !== 'CMD')
    throw new Error(`the healthcheck of ${name} is not in exec form ["CMD", ...]`);
  const own = String(healthUrl(name).port);
  const [program, ...args] = test.slice(1).map((a) => a.replace(`:${own}/`, `:${port}/`));
  expect(program, 'the healthcheck runs node (the slim image has no curl or wget)').toBe('node');
  const child = spawn(process.execPath, args, { stdio: 'ignore', timeout: 10_000 });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => done(code));
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
}

// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it("has exactly the four parts, each built from this repository's Dockerfile", () => {
    // Services of a profile (the team profile: tests/team.test.ts) start only when it is asked for.
    const solo = Object.keys(compose.services).filter(
      (name) => !compose.services[name]!['profiles'],
    );
    expect(solo.sort()).toEqual([...SERVICES].sort());
    for (const name of SERVICES) {
      const build = service(name).build;
      const context = typeof build === 'string' ? build : build?.context;
      const file = (typeof build === 'object' && build.dockerfile) || 'Dockerfile';
      expect(context, `${name} is built (build: .)`).toBeDefined();
      expect(
        existsSync(resolve(REPO_ROOT, context!, file)),
        `${name}: ${context}/${file} exists`,
      ).toBe(true);
    }
  });

  it('keeps to syntax docker-compose 1.29 also accepts', () => {
    expect(compose).not.toHaveProperty('name');
    expect(compose).not.toHaveProperty('version');
    for (const name of SERVICES) {
      const s = service(name);
      expect(s.healthcheck ?? {}, name).not.toHaveProperty('start_interval');
      expect(s, name).not.toHaveProperty('develop');
      const deps = s.depends_on;
      if (deps && !Array.isArray(deps)) {
        for (const [dep, rule] of Object.entries(deps)) {
          expect(SERVICES, `${name} depends on ${dep}`).toContain(dep);
          expect(rule, `${name}.depends_on.${dep}`).not.toHaveProperty('required');
        }
      }
    }
  });

  describe.each(SERVICES)('service %s', (name) => {
    const part = PART_OF[name]!;

    it('runs the installed launcher for its one part: `npx --no-install mp-sandbox --only <part>`', () => {
      expect(commandOf(name)).toEqual(['npx', '--no-install', 'mp-sandbox', '--only', name]);
      // The image installs the launcher package, whose bin is mp-sandbox, and the launcher knows the part.
      const cli = JSON.parse(read('packages/cli/package.json')) as {
        publishConfig: { bin: Record<string, string> };
      };
      expect(Object.keys(cli.publishConfig.bin)).toEqual(['mp-sandbox']);
      expect(read('scripts/sandbox.ts')).toContain("'mini-program'");
      expect(workspaceOfService(name).dir).toBe(`apps/${name}`);
    });

    it("publishes the part's default port, on the same number inside and out", () => {
      const ports = portsOf(name);
      // The platform also publishes its HTTPS gateway (checked below).
      expect(ports).toHaveLength(name === 'platform' ? 2 : 1);
      const [port] = ports;
      expect(port!.container).toBe(DEFAULT_PORTS[part]);
      expect(port!.host).toBe(DEFAULT_PORTS[part]);
      // Published on the hostname the origins use, never on every interface of the host.
      if (port!.hostIp !== undefined) expect(port!.hostIp).toBe(BROWSER_HOST);
      const variable = environmentOf(name)[PORT_VARIABLES[part]];
      if (variable !== undefined)
        expect(Number(variable), PORT_VARIABLES[part]).toBe(DEFAULT_PORTS[part]);
    });

    it("has a healthcheck, run with node, on the part's own port inside the container", () => {
      const healthcheck = service(name).healthcheck;
      expect(healthcheck?.test).toBeDefined();
      const url = healthUrl(name);
      expect(url.protocol).toBe('http:');
      expect(['127.0.0.1', 'localhost']).toContain(url.hostname);
      expect(Number(url.port)).toBe(containerPort(name));
      for (const key of ['interval', 'timeout', 'retries'])
        expect(healthcheck, name).toHaveProperty(key);
    });

    const env = environmentOf(name);
    it.each(Object.keys(env))("sets %s, which the part's code reads", (variable) => {
      expect(
        readersOf(name, variable),
        `no source of ${name} (or the workspaces it runs with) reads ${variable}`,
      ).not.toEqual([]);
    });

    it('points URLs at service names (server to server) or at published ports on 127.0.0.1 (browser)', () => {
      for (const [variable, value] of Object.entries(env)) {
        if (!/^https?:\/\//.test(value)) continue;
        for (const item of value.split(',').map((v) => v.trim())) {
          const url = new URL(item);
          const port = Number(url.port || 80);
          if (SERVICES.includes(url.hostname)) {
            expect(port, `${variable}=${item}: the port ${url.hostname} listens on`).toBe(
              containerPort(url.hostname),
            );
          } else {
            expect(url.hostname, `${variable}=${item}: a browser origin`).toBe(BROWSER_HOST);
            expect(
              SERVICES.flatMap((s) => portsOf(s).map((p) => p.host)),
              `${variable}=${item}: a published port`,
            ).toContain(port);
          }
        }
      }
    });
  });
});

describe("the platform's HTTPS gateway", () => {
  it('is published on 127.0.0.1 at the port the platform reads from PLATFORM_TLS_PORT, the same inside and out', () => {
    const tls = portsOf('platform')[1];
    expect(tls, 'the second published port of platform').toBeDefined();
    expect(tls!.hostIp).toBe(BROWSER_HOST);
    expect(tls!.container).toBe(DEFAULT_PLATFORM_TLS_PORT);
    expect(tls!.host).toBe(DEFAULT_PLATFORM_TLS_PORT);
    const env = environmentOf('platform');
    const options = platformOptionsFromEnv({
      ...env,
      SANDBOX_CONFIG: inRepo(env['SANDBOX_CONFIG']!),
    });
    expect(options.tls?.port).toBe(tls!.container);
    expect(options.tls?.dir).toBe(join(env['SANDBOX_DATA_DIR']!, 'tls'));
  });
});

describe('health routes: the healthcheck scripts against the real parts', () => {
  let platform: TestPlatform;
  let merchant: RunningMerchant;
  let merchantDir: string;

  beforeAll(async () => {
    platform = await startTestPlatform();
    merchantDir = mkdtempSync(join(tmpdir(), 'mp-compose-merchant-'));
    merchant = await startMerchant(
      merchantOptionsFromEnv({
        ...environmentOf('merchant'),
        SANDBOX_HOST: '127.0.0.1',
        MERCHANT_PORT: '0',
        SANDBOX_DATA_DIR: merchantDir,
        MERCHANT_GATEWAY_URL: platform.url,
      }),
    );
  });
  afterAll(async () => {
    await merchant?.close();
    await platform?.close();
    if (merchantDir) rmSync(merchantDir, { recursive: true, force: true });
  });

  it('platform: the health path answers ok, and the healthcheck passes', async () => {
    const path = healthUrl('platform').pathname;
    expect(path).toBe(HEALTH_PATHS.platform);
    const response = await fetch(`${platform.url}${path}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', part: 'platform' });
    expect(await runHealthcheck('platform', platform.port)).toBe(0);
  });

  it('merchant: the health path answers ok, and the healthcheck passes', async () => {
    const path = healthUrl('merchant').pathname;
    expect(path).toBe(HEALTH_PATHS.merchant);
    const response = await fetch(`${merchant.url}${path}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', part: 'merchant' });
    expect(await runHealthcheck('merchant', Number(new URL(merchant.url).port))).toBe(0);
  });

  it.each(['mini-program', 'shell'])(
    '%s (static server): the healthcheck asks / and passes when it answers 200',
    async (name) => {
      expect(healthUrl(name).pathname).toBe(
        HEALTH_PATHS[name === 'shell' ? 'shell' : 'miniProgram'],
      );
      const asked: string[] = [];
      const stub = createServer((req, res) => {
        asked.push(req.url ?? '');
        res.writeHead(req.url === '/' ? 200 : 404).end();
      });
      const port = await listen(stub);
      try {
        expect(await runHealthcheck(name, port)).toBe(0);
        expect(asked).toEqual(['/']);
      } finally {
        await close(stub);
      }
    },
  );

  it.each(SERVICES)('%s: the healthcheck fails when nothing answers', async (name) => {
    const gone = createServer();
    const port = await listen(gone);
    await close(gone);
    expect(await runHealthcheck(name, port)).not.toBe(0);
  });
});

describe('with the compose environment, each part listens on 0.0.0.0:<published port> and hands out the right URLs', () => {
  const browser = (name: string) => `http://${BROWSER_HOST}:${portsOf(name)[0]!.host}`;

  it('platform: listens on 0.0.0.0 (needs SANDBOX_BIND_HOST)', () => {
    const env = environmentOf('platform');
    const options = platformOptionsFromEnv({
      ...env,
      SANDBOX_CONFIG: inRepo(env['SANDBOX_CONFIG']!),
    });
    expect(options.port).toBe(containerPort('platform'));
    expect(options.host, 'the bind address inside the container').toBe('0.0.0.0');
  });

  it('platform: registers the mini program at the origin the browser loads it from', () => {
    const env = environmentOf('platform');
    expect(env['SANDBOX_CONFIG'], 'SANDBOX_CONFIG is set').toBeDefined();
    const configFile = inRepo(env['SANDBOX_CONFIG']!);
    expect(existsSync(configFile), `${env['SANDBOX_CONFIG']} is in the image`).toBe(true);
    const { seed } = platformOptionsFromEnv({ ...env, SANDBOX_CONFIG: configFile });
    expect(seed.apps.length).toBeGreaterThan(0);
    for (const app of seed.apps)
      expect(new URL(app.url).origin, app.appId).toBe(browser('mini-program'));
  });

  it("merchant: listens on 0.0.0.0, calls the gateway by service name, lets the mini program's origin in", () => {
    const options = merchantOptionsFromEnv(environmentOf('merchant'));
    expect(options.host).toBe('0.0.0.0');
    expect(options.port).toBe(containerPort('merchant'));
    expect(options.gatewayUrl).toBe(`http://platform:${containerPort('platform')}`);
    expect(options.allowedOrigins).toContain(browser('mini-program'));
  });

  // The launcher's static server listens on sandboxAddresses' bind host and port, and fills the
  // sample mini programs' merchant URL from its urls.merchant (scripts/lib/production.ts).
  it('mini-program: listens on 0.0.0.0 (needs SANDBOX_BIND_HOST) and calls the merchant at its browser URL', () => {
    const { bindHost, ports, urls } = sandboxAddresses(environmentOf('mini-program'));
    expect(ports.miniProgram).toBe(containerPort('mini-program'));
    expect(urls.merchant).toBe(browser('merchant'));
    expect(bindHost, 'the bind address inside the container').toBe('0.0.0.0');
    expect(read('scripts/lib/production.ts')).toMatch(
      /replace: \{ \[MERCHANT_URL_PLACEHOLDER\]: urls\.merchant \}/,
    );
  });

  it('shell: listens on 0.0.0.0 and proxies /platform to the platform service (needs SHELL_PLATFORM_URL)', () => {
    const env = environmentOf('shell');
    const { bindHost, ports } = sandboxAddresses(env);
    expect(ports.shell).toBe(containerPort('shell'));
    expect(bindHost).toBe('0.0.0.0');
    expect(
      createShellProxy(env).target,
      "the proxy target, reached from the shell's container",
    ).toBe(`http://platform:${containerPort('platform')}`);
  });
});

describe('the data volume', () => {
  const dataDirOf = (name: string) =>
    environmentOf(name)['SANDBOX_DATA_DIR'] ?? `${WORKDIR}/.sandbox-data`;

  it('is a named volume, mounted where SANDBOX_DATA_DIR points in the platform and the merchant', () => {
    expect(Object.keys(compose.volumes ?? {})).toContain('sandbox-data');
    for (const name of ['platform', 'merchant']) {
      const mount = mountsOf(name).find((m) => m.source === 'sandbox-data');
      expect(mount, `${name} mounts sandbox-data`).toBeDefined();
      expect(mount!.target, name).toBe(dataDirOf(name));
    }
  });

  it('holds the keys each side reads of the other', () => {
    const platformEnv = environmentOf('platform');
    const platformOptions = platformOptionsFromEnv({
      ...platformEnv,
      SANDBOX_CONFIG: inRepo(platformEnv['SANDBOX_CONFIG']!),
    });
    const merchantOptions = merchantOptionsFromEnv(environmentOf('merchant'));
    const volume = (name: string) => dataDirOf(name);
    expect(platformOptions.keysDir.startsWith(`${volume('platform')}/`)).toBe(true);
    expect(merchantOptions.keysDir.startsWith(`${volume('merchant')}/`)).toBe(true);
    // The merchant reads the platform's public key where the platform writes it ...
    expect(merchantOptions.platformPublicKeyFile).toBe(
      join(platformOptions.keysDir, 'platform.public.pem'),
    );
    // ... and the platform reads the merchant's where the merchant writes it.
    const merchantKey = join(merchantOptions.keysDir, `${merchantOptions.keyName}.public.pem`);
    const client = platformOptions.seed.clients.find(
      (c) => c.clientId === merchantOptions.clientId,
    );
    expect(client?.publicKeys.map((k) => k.file)).toContain(merchantKey);
  });
});

describe('Dockerfile', () => {
  const lines = dockerfile.split('\n').map((l) => l.trim());
  const npmCi = lines.findIndex((l) => /^RUN\s+npm\s+ci\b/.test(l));

  it('is built on Node 20 and installs with npm ci', () => {
    expect(/^FROM\s+node:20[\w.-]*(\s|$)/m.test(dockerfile), 'FROM node:20…').toBe(true);
    expect(npmCi).toBeGreaterThanOrEqual(0);
    expect(WORKDIR).toMatch(/^\//);
  });

  it('copies the package.json of every workspace before npm ci, and the sources after', () => {
    const copied = lines
      .slice(0, npmCi)
      .filter((l) => l.startsWith('COPY '))
      .flatMap((l) =>
        l
          .split(/\s+/)
          .slice(1, -1)
          .filter((arg) => !arg.startsWith('--')),
      );
    for (const file of [
      'package.json',
      'package-lock.json',
      ...WORKSPACES.map((w) => `${w.dir}/package.json`),
    ]) {
      expect(copied, file).toContain(file);
    }
    expect(
      lines.slice(npmCi).some((l) => /^COPY\s+(--\S+\s+)*\.\s+\.$/.test(l)),
      'COPY . . after npm ci',
    ).toBe(true);
  });

  it("runs a second stage that holds only the packed launcher, installed, and the samples' config", () => {
    const stages = lines.filter((l) => /^FROM\s/.test(l));
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^FROM\s+node:20\S*\s+AS\s+build$/);
    expect(stages[1]).toMatch(/^FROM\s+node:20\S*\s+AS\s+runtime$/);
    const runtime = lines.slice(lines.indexOf(stages[1]!));
    expect(runtime.some((l) => /^COPY\s.*--from=build\s+\S*mp-sandbox-cli\S*\.tgz/.test(l))).toBe(
      true,
    );
    expect(runtime.join('\n')).toMatch(/npm install --omit=dev[^\n]*mp-sandbox-cli\.tgz/);
    expect(
      runtime.some((l) => /^COPY\s+(--\S+\s+)*\.\s+\.$/.test(l)),
      'no sources in the image that runs',
    ).toBe(false);
    expect(runtime.some((l) => /^COPY\s.*\bsandbox\.config\.json\b/.test(l))).toBe(true);
    expect(runtime.some((l) => /^WORKDIR\s+/.test(l) && l.endsWith(WORKDIR))).toBe(true);
    const build = lines.slice(0, lines.indexOf(stages[1]!)).join('\n');
    expect(build).toMatch(/npm run build[^\n]*-w @mp-sandbox\/cli/);
  });

  it('.dockerignore keeps out node_modules and the local data folder (keys)', () => {
    expect(dockerignore.some((p) => /(^|\/)node_modules$/.test(p))).toBe(true);
    expect(dockerignore.some((p) => /(^|\/)\.sandbox-data$/.test(p))).toBe(true);
    expect(dockerignore).not.toContain('sandbox.config.json');
  });
});

describe('Compose CLIs, where installed', () => {
  const v1 = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  const hasV1 = !v1.error && v1.status === 0;
  it.skipIf(!hasV1)(
    hasV1
      ? 'docker-compose (v1) config -q accepts the file'
      : 'docker-compose (v1) config -q accepts the file [skipped: no docker-compose binary on PATH]',
    () => {
      const run = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
  );

  const v2 = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const hasV2 = !v2.error && v2.status === 0;
  it.skipIf(!hasV2)(
    hasV2
      ? 'docker compose (v2) config -q accepts the file'
      : 'docker compose (v2) config -q accepts the file [skipped: no docker compose plugin]',
    () => {
      const run = spawnSync('docker', ['compose', '-f', 'docker-compose.yml', 'config', '-q'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
  );
});
