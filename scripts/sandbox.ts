/**
 * `npm run sandbox [-- --config <file>] [--data-dir <dir>] [--no-samples] [--dev [--no-watch]]`:
 * checks the config file and the ports, then starts the parts, waits until each one answers, and
 * prints where they are. A bad config or a taken port stops it before anything starts.
 *
 * By default it runs what users get from the published launcher (`@mp-sandbox/cli`, which bundles
 * this file): the platform and sample merchant in this process, production builds of the shell and
 * the sample mini programs from a small static server (scripts/lib/production.ts). In the checkout,
 * stale builds are made again first. `--dev` starts each part in its own watched process with the
 * Vite dev servers and hot reload instead, for contributors.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  HEALTH_PATHS,
  PORT_VARIABLES,
  sandboxAddresses,
  type SandboxAddresses,
  type SandboxPart,
} from '@mp-sandbox/protocol';
import {
  ConfigError,
  configFileFromEnv,
  configLabel,
  dataDirFromEnv,
  readConfigFile,
  REPO_ROOT,
  withConfigPorts,
  type LoadedConfig,
} from '@mp-sandbox/platform/config';
import {
  controlApi,
  sandboxHttp,
  tokenFromEnvironment,
  waitUntilAnswering,
} from '@mp-sandbox/protocol/client';
import { probePort, suggestPort } from './lib/ports.js';
import { useCallerCwd } from './lib/callerCwd.js';
import { ensureFreshBuilds } from './lib/freshBuilds.js';
import { buildLayout, PACKAGED, startProductionParts } from './lib/production.js';

useCallerCwd('sandbox');

const USAGE = `Usage: ${PACKAGED ? 'npx --no-install mp-sandbox [sandbox] [options]' : 'npm run sandbox -- [options]     (or: npx --no-install mp-sandbox [sandbox] [options])'}

Starts the wallet shell, the platform, and the sample merchant server and mini programs.

Options:
  --config <file>     the config file: apps, clients, personas, lifetimes, ports
                      (default: the samples' sandbox.config.json; SANDBOX_CONFIG)
  --data-dir <dir>    where keys and state live (default: .sandbox-data; SANDBOX_DATA_DIR)
  --no-samples        start only the wallet shell and the platform, for your own mini program
                      and merchant server (no sample merchant, no sample mini programs)
  --only <parts>      start only these parts, comma-separated: platform, merchant, mini-program,
                      shell (one part per container in docker-compose.yml)${
                        PACKAGED
                          ? ''
                          : `
  --dev               run the Vite dev servers with hot reload and restart parts on change
                      (for work on the sandbox itself) instead of the production builds
  --no-watch          with --dev: do not restart parts when their source changes`
                      }
  -h, --help          this text

Ports come from the environment (SHELL_PORT, PLATFORM_PORT, MERCHANT_PORT, MINI_PROGRAM_PORT),
then from "ports" in the config file, then 7700-7703.
Keys: npm run keys -- create <clientId> --config <file>   (see npm run keys -- --help)`;

const PARTS: Array<{ part: SandboxPart; workspace: string; color: string; sample: boolean }> = [
  { part: 'platform', workspace: '@mp-sandbox/platform', color: 'magenta', sample: false },
  { part: 'merchant', workspace: '@mp-sandbox/merchant', color: 'yellow', sample: true },
  { part: 'miniProgram', workspace: '@mp-sandbox/mini-program', color: 'green', sample: true },
  { part: 'shell', workspace: '@mp-sandbox/shell', color: 'cyan', sample: false },
];

function stop(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

function readArguments() {
  try {
    return parseArgs({
      options: {
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-samples': { type: 'boolean', default: false },
        only: { type: 'string' },
        'no-watch': { type: 'boolean', default: false },
        dev: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    return stop([`sandbox: ${(error as Error).message}`, '', USAGE]);
  }
}

const args = readArguments();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

// The config file and data folder: the flags (relative to the working folder), then the environment.
const env: Record<string, string | undefined> = { ...process.env };
if (args.config !== undefined) env['SANDBOX_CONFIG'] = resolve(args.config);
if (args['data-dir'] !== undefined) env['SANDBOX_DATA_DIR'] = resolve(args['data-dir']);
if (PACKAGED) {
  // Installed in a project: the data folder is the project's, the default config the samples'.
  if (args.dev)
    stop([
      'sandbox: --dev is for work on the sandbox itself, in its repository; the installed launcher serves production builds.',
    ]);
  env['SANDBOX_DATA_DIR'] ??= resolve('.sandbox-data');
  env['SANDBOX_CONFIG'] ??= buildLayout().samplesConfig;
}
const configFile = configFileFromEnv(env);
const dataDir = dataDirFromEnv(env);

let config: LoadedConfig;
try {
  config = readConfigFile(configFile, { env, dataDir });
} catch (error) {
  if (error instanceof ConfigError)
    stop([`sandbox: the config file cannot be used; nothing was started.`, error.message]);
  stop([`sandbox: ${(error as Error).message}`]);
}
const label = configLabel(configFile);
for (const warning of config.warnings) console.warn(`sandbox: ${label}: warning: ${warning}`);

// The parts get the file's ports as *_PORT variables (a variable that is set wins).
const childEnv: Record<string, string> = Object.fromEntries(
  Object.entries({
    ...withConfigPorts(env, config.ports),
    SANDBOX_CONFIG: configFile,
    SANDBOX_DATA_DIR: dataDir,
    SANDBOX_CONFIG_CHECKED: '1',
  }).filter((e): e is [string, string] => e[1] !== undefined),
);
let addresses: SandboxAddresses;
try {
  addresses = sandboxAddresses(childEnv);
} catch (error) {
  stop([`sandbox: ${(error as Error).message}`]);
}
const { urls, localUrls, ports, bindHost } = addresses;
const samples = !args['no-samples'];
/** `--only platform,shell`: the parts by their names in messages (mini-program) or in code (miniProgram). */
function onlyParts(list: string): Set<SandboxPart> {
  const names = list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const known = new Map<string, SandboxPart>(
    PARTS.flatMap((p) => [
      [p.part, p.part],
      [p.part === 'miniProgram' ? 'mini-program' : p.part, p.part],
    ]),
  );
  const unknown = names.filter((n) => !known.has(n));
  if (names.length === 0 || unknown.length > 0)
    stop([`sandbox: --only ${list}: name parts among platform, merchant, mini-program, shell`]);
  return new Set(names.map((n) => known.get(n)!));
}
const only = args.only === undefined ? undefined : onlyParts(args.only);
const parts = PARTS.filter((p) => (only ? only.has(p.part) : samples || !p.sample));
const isStarted = (part: SandboxPart) => parts.some((p) => p.part === part);

/** Where a part's port was set, to name the right thing to change. */
function portSource(part: SandboxPart): string {
  const variable = PORT_VARIABLES[part];
  if (env[variable]) return `${variable}=${env[variable]} is set`;
  if (config.ports[part] !== undefined) return `ports.${part} in ${label}`;
  return 'the default';
}

async function checkPorts(): Promise<void> {
  const problems: string[] = [];
  const seen = new Map<number, SandboxPart>();
  for (const { part } of parts) {
    const other = seen.get(ports[part]);
    if (other)
      problems.push(
        `sandbox: ${part} and ${other} are both given port ${ports[part]} (${portSource(part)}; ${portSource(other)})`,
      );
    seen.set(ports[part], part);
  }
  if (problems.length) stop([...problems, 'Nothing was started.']);
  const used = parts.map((p) => ports[p.part]);
  for (const { part } of parts) {
    const port = ports[part];
    const state = await probePort(port, bindHost);
    if (state.free) continue;
    const variable = PORT_VARIABLES[part];
    if (state.reason === 'taken') {
      const instead = (await suggestPort(port, bindHost, used)) ?? port + 10;
      problems.push(
        `sandbox: port ${port} (${part}) is taken: stop what uses it, or set ${variable}=${instead}, or ports.${part} in your config (${label})`,
      );
    } else if (state.reason === 'forbidden') {
      problems.push(
        `sandbox: port ${port} (${part}) may not be used by this user (${state.detail}): set ${variable} or ports.${part} to a port above 1023`,
      );
    } else {
      problems.push(
        `sandbox: cannot listen on ${bindHost}:${port} (${part}): ${state.detail}; check SANDBOX_HOST / SANDBOX_BIND_HOST`,
      );
    }
  }
  if (problems.length) stop([...problems, 'Nothing was started.']);
}

await checkPorts();

const started = Date.now();

/** `--dev`: each part in its own process, with the Vite dev servers and watched sources. */
async function startDevParts(): Promise<void> {
  const { default: concurrently } = await import('concurrently');
  const script = args['no-watch'] ? 'start' : 'dev';
  const { result, commands } = concurrently(
    parts.map(({ part, workspace, color }) => ({
      name: part === 'miniProgram' ? 'mini-program' : part,
      command: `npm run ${script} --silent -w ${workspace}`,
      prefixColor: color,
      env: childEnv,
      cwd: REPO_ROOT,
    })),
    { killOthersOn: ['failure'], prefix: '[{name}]', padPrefix: true },
  );
  result.then(
    () => process.exit(0),
    () => {
      if (commands.some((c) => c.exited && c.state === 'exited')) process.exit(1);
    },
  );
}

/** The default: production builds and the servers in this process; Ctrl-C stops them. */
async function startProduction(): Promise<void> {
  try {
    if (!PACKAGED)
      ensureFreshBuilds(
        parts.map((p) => p.part).filter((p) => p === 'shell' || p === 'miniProgram'),
      );
    const running = await startProductionParts(
      parts.map((p) => p.part),
      childEnv,
    );
    let stopping = false;
    const end = () => {
      if (stopping) return;
      stopping = true;
      void running.stop().then(() => process.exit(0));
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, end);
  } catch (error) {
    stop([`sandbox: ${(error as Error).message}`, 'Nothing is running.']);
  }
}

/** Whether the file registers anything served by the sample mini program or the sample merchant. */
function usesSamples(): boolean {
  const sampleOrigins = [new URL(urls.miniProgram).origin, new URL(urls.merchant).origin];
  const sampleClient = childEnv['MERCHANT_CLIENT_ID'] ?? '2024SANDBOXMERCHANT01';
  return (
    config.clients.some((c) => c.clientId === sampleClient) ||
    config.apps.some((a) => {
      try {
        return sampleOrigins.includes(new URL(a.url).origin);
      } catch {
        return false;
      }
    })
  );
}

async function platformHttpsUrl(): Promise<string | undefined> {
  try {
    const call = sandboxHttp({ baseUrl: localUrls.platform, token: tokenFromEnvironment() });
    return (await controlApi(call).health()).https;
  } catch {
    return undefined;
  }
}

async function announceWhenReady(): Promise<void> {
  const probes = new Map(parts.map((p) => [localUrls[p.part] + HEALTH_PATHS[p.part], p.part]));
  const pending = new Set(parts.map((p) => p.part));
  try {
    await waitUntilAnswering([...probes.keys()], {
      timeoutMs: 60_000,
      intervalMs: 150,
      onReady: (url) => pending.delete(probes.get(url)!),
    });
  } catch {
    const names = [...pending]
      .map((part) => `${part} (${urls[part]}, ${PORT_VARIABLES[part]})`)
      .join(', ');
    console.error(`\nsandbox: still waiting for ${names}; see its log above.`);
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const row = (name: string, value: string, note = '') =>
    `    ${name.padEnd(18)}${note ? value.padEnd(26) : value}${note ? `  ${note}` : ''}`;
  const platformKey = resolve(dataDir, 'keys/platform.public.pem');
  const lines = [
    '',
    `  Mini program auth sandbox is ready (${seconds} s)`,
    '',
    ...(isStarted('shell') ? [row('Wallet shell', urls.shell, 'open this in a browser')] : []),
    row('Platform gateway', urls.platform, 'give this to a merchant server as the gateway URL'),
    row('Control API', `${urls.platform}/sandbox/v1`),
    row('Platform key', platformKey),
    row('', 'verify response signatures with this (the platformPublicKey of a merchant client)'),
  ];
  // The platform says whether it serves HTTPS: a CA file is left from an earlier start even when
  // the port is taken this time.
  const https = await platformHttpsUrl();
  if (https) {
    const caFile = resolve(dataDir, 'tls/ca.pem');
    lines.push(
      row('HTTPS gateway', https, 'the same gateway over TLS (PLATFORM_TLS_PORT)'),
      row('CA file', caFile),
      row('', 'trust this CA in the merchant (README: "HTTPS")'),
    );
  }
  if (isStarted('merchant')) lines.push(row('Sample merchant', urls.merchant));
  if (isStarted('miniProgram')) lines.push(row('Sample mini prog', urls.miniProgram));
  lines.push(
    '',
    `  Config ${label}: ${config.apps.length} mini program(s), ${config.clients.length} merchant client(s)`,
  );
  for (const app of config.apps) lines.push(row('', `${app.name}  ${app.url}`));
  if (samples && !usesSamples()) {
    lines.push(
      '',
      '  Your config uses neither the sample merchant nor the sample mini programs: --no-samples leaves them out.',
    );
  }
  lines.push('', '  Press Ctrl-C to stop everything.', '');
  console.log(lines.join('\n'));
}

if (args.dev) await startDevParts();
else await startProduction();
void announceWhenReady();
