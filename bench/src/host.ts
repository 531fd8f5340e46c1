/**
 * A server host: a child process that runs one server (the baseline or a real platform) on
 * 127.0.0.1:0 and answers the bench over IPC. The server gets its own process (its own core of the
 * two) so the client's signing does not share a thread with the server being measured.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  constants,
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
} from 'node:perf_hooks';
import { startPlatform, type RunningPlatform } from '@mp-sandbox/platform';
import {
  DEFAULT_LIFETIMES,
  installPlatformKeys,
  JournalStore,
  type PlatformData,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testKeys,
  testSeed,
} from '@mp-sandbox/platform/testing';
import { optionsFromEnv, type PlatformOptions } from '@mp-sandbox/platform/config';
import { startBaseline, type RunningBaseline } from './baselineServer.js';
import { peerCodes, startPeer, type RunningPeer } from './peerServer.js';
import type {
  CompactResult,
  HostCommand,
  MemoryReading,
  HostReply,
  HostRequest,
  Meter,
  StartRequest,
  Started,
} from './ipc.js';
import { rowCount, seededStore, writeSeededStore } from './seed.js';

let platform: RunningPlatform | undefined;
let baseline: RunningBaseline | undefined;
let peer: RunningPeer | undefined;
let dir: string | undefined;

// ---- metering -------------------------------------------------------------------------------
// A full collection on demand, without starting the host with --expose-gc.
setFlagsFromString('--expose-gc');
// BENCH_V8_FLAGS="--trace-deopt --trace-opt": V8 flags for the hosts, to see what re-optimises
// while the windows run (profiling only; the figures of such a run do not count).
for (const flag of (process.env['BENCH_V8_FLAGS'] ?? '').split(/\s+/).filter(Boolean))
  setFlagsFromString(flag);
const collectGarbage = runInNewContext('gc') as () => void;

const loopDelay = monitorEventLoopDelay({ resolution: 2 });
let gc = { ms: 0, majorMs: 0, count: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.ms += entry.duration;
    gc.count += 1;
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.majorMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
let compactions = { count: 0, ms: 0 };
let meterFrom:
  | { t: number; cpu: NodeJS.CpuUsage; elu: ReturnType<typeof performance.eventLoopUtilization> }
  | undefined;

// BENCH_PROFILE_WINDOWS=<dir>: a CPU profile of each measured window only (no start-up, no code
// issuing), written as <dir>/<pid>-<n>.cpuprofile when the window ends.
const windowProfileDir = process.env['BENCH_PROFILE_WINDOWS'];
let profiler: Session | undefined;
let profiledWindows = 0;

async function startWindowProfile(): Promise<void> {
  if (!windowProfileDir) return;
  if (!profiler) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
  }
  await profiler.post('Profiler.start');
}

async function stopWindowProfile(): Promise<void> {
  if (!profiler || !windowProfileDir) return;
  const { profile } = await profiler.post('Profiler.stop');
  mkdirSync(windowProfileDir, { recursive: true });
  profiledWindows += 1;
  writeFileSync(
    join(windowProfileDir, `${process.pid}-${profiledWindows}.cpuprofile`),
    JSON.stringify(profile),
  );
}

// BENCH_THREAD_CPU=1: each window's CPU split by thread (the event loop's thread, the others:
// V8's compiler and GC helpers, libuv's pool), printed by the host. A CPU profile sees only the
// event loop's thread; these show what runs beside it (Linux /proc only).
const threadCpu = process.env['BENCH_THREAD_CPU'] === '1';
let threadTicksFrom: Map<number, number> | undefined;

/** CPU clock ticks (user + system) of each thread of this process. */
function threadTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(Number(tid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ticks;
}

function reportThreadCpu(): void {
  if (!threadTicksFrom) return;
  const now = threadTicks();
  const ms = (tid: number) => ((now.get(tid) ?? 0) - (threadTicksFrom!.get(tid) ?? 0)) * 10;
  const others = [...now.keys()].filter((tid) => tid !== process.pid && ms(tid) > 0);
  console.log(
    `    [host ${process.pid}] thread CPU ms: event loop ${ms(process.pid)}, others ${others
      .map((tid) => `t+${tid - process.pid} ${ms(tid)}`)
      .join(', ')}`,
  );
  threadTicksFrom = undefined;
}

async function meterStart(): Promise<null> {
  await startWindowProfile();
  if (threadCpu) threadTicksFrom = threadTicks();
  loopDelay.reset();
  loopDelay.enable();
  gc = { ms: 0, majorMs: 0, count: 0 };
  compactions = { count: 0, ms: 0 };
  meterFrom = {
    t: performance.now(),
    cpu: process.cpuUsage(),
    elu: performance.eventLoopUtilization(),
  };
  return null;
}

async function meterStop(): Promise<Meter> {
  if (!meterFrom) throw new Error('meterStop before meterStart');
  const cpu = process.cpuUsage(meterFrom.cpu);
  const elu = performance.eventLoopUtilization(meterFrom.elu);
  loopDelay.disable();
  const result: Meter = {
    wallMs: performance.now() - meterFrom.t,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    elu: elu.utilization,
    loopDelayMaxMs: loopDelay.max / 1e6,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    gcMs: gc.ms,
    majorGcMs: gc.majorMs,
    gcCount: gc.count,
    compactions: compactions.count,
    compactionMs: compactions.ms,
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
  meterFrom = undefined;
  reportThreadCpu();
  await stopWindowProfile();
  return result;
}

// ---- servers ----------------------------------------------------------------------------------
async function start(request: StartRequest): Promise<Started> {
  if (request.kind === 'peer') {
    const t0 = performance.now();
    peer = await startPeer();
    return {
      url: peer.url,
      clientId: '',
      appId: '',
      clientPrivateKey: '',
      serverPublicKey: '',
      seedMs: 0,
      startMs: performance.now() - t0,
      startCpuMs: 0,
      rows: 0,
      dbBytes: 0,
    };
  }
  const keys = testKeys();
  if (request.kind === 'baseline') {
    const t0 = performance.now();
    baseline = await startBaseline({
      serverPrivateKey: keys.platform.privateKey,
      clientPublicKey: keys.merchant.publicKey,
      clientId: TEST_CLIENT_ID,
      keyMode: request.keyMode,
    });
    return {
      url: baseline.url,
      clientId: TEST_CLIENT_ID,
      appId: TEST_APP_ID,
      clientPrivateKey: keys.merchant.privateKey,
      serverPublicKey: keys.platform.publicKey,
      seedMs: 0,
      startMs: performance.now() - t0,
      startCpuMs: 0,
      rows: 0,
      dbBytes: 0,
    };
  }
  dir = mkdtempSync(join(tmpdir(), 'mp-bench-platform-'));
  // The defaults the platform itself takes from an empty environment (so options added to
  // PlatformOptions later get their usual values), pointed at a temporary folder and the test seed.
  // No HTTPS listener: the benches call over HTTP, and without a port it would take the default
  // one (another sandbox's) and make a CA at every start, which bench 7 would count as loading.
  const { tls: _tls, ...defaults } = optionsFromEnv({
    SANDBOX_DATA_DIR: dir,
    SANDBOX_CONFIG: join(dir, 'no-config.json'),
  });
  const options: PlatformOptions = {
    ...defaults,
    host: '127.0.0.1',
    port: 0,
    dataDir: join(dir, 'platform'),
    keysDir: join(dir, 'keys'),
    seed: testSeed(),
    lifetimes: { ...DEFAULT_LIFETIMES },
    log: () => {},
  };
  installPlatformKeys(options.keysDir);
  let seedMs = 0;
  if (request.storeFrom) {
    // Written by the bench's own process, so its making is not in this one's memory (bench 7).
    const t0 = performance.now();
    cpSync(request.storeFrom, options.dataDir, { recursive: true });
    seedMs = performance.now() - t0;
  } else if (request.seedTokens > 0) {
    const t0 = performance.now();
    await writeSeededStore(options.dataDir, seededStore(options.seed, request.seedTokens));
    seedMs = performance.now() - t0;
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  platform = await startPlatform(options);
  const startMs = performance.now() - t0;
  const startCpu = process.cpuUsage(cpu0);
  instrumentCompaction(platform);
  return {
    url: platform.url,
    clientId: TEST_CLIENT_ID,
    appId: TEST_APP_ID,
    clientPrivateKey: keys.merchant.privateKey,
    serverPublicKey: platform.platform.keys.publicKey,
    seedMs,
    startMs,
    startCpuMs: (startCpu.user + startCpu.system) / 1000,
    rows: rowCount(embeddedStore(platform).data),
    dbBytes: statSync(join(options.dataDir, 'db.json')).size,
  };
}

/** The platform's store, which these benches measure as the embedded one (its files, its compaction). */
function embeddedStore(running: RunningPlatform): JournalStore<PlatformData> {
  const store = running.platform.store;
  if (!(store instanceof JournalStore))
    throw new Error('this bench measures the embedded store; the platform runs another');
  return store;
}

/** Counts and times the store's compactions (the commit path calls `this.compact()`). */
function instrumentCompaction(running: RunningPlatform): void {
  const store = embeddedStore(running);
  const original = store.compact.bind(store);
  store.compact = () => {
    const t0 = performance.now();
    compactions.count += 1;
    return original().finally(() => {
      compactions.ms += performance.now() - t0;
    });
  };
}

function requirePlatform(): RunningPlatform {
  if (!platform) throw new Error('this host runs no platform');
  return platform;
}

const USERS = ['ana', 'bruno', 'chen', 'dara', 'eli'];

/**
 * Issues `n` authCodes for the test app as the wallet does after consent (not timed by the bench);
 * on the peer, asks its authorization endpoint.
 */
async function issue(n: number): Promise<string[]> {
  if (peer) return peerCodes(peer.url, n);
  const { authorizations } = requirePlatform().platform;
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const issued = await authorizations.issueAuthCode({
      appId: TEST_APP_ID,
      clientId: TEST_CLIENT_ID,
      userId: USERS[i % USERS.length]!,
      scopes: ['auth_base', 'auth_user'],
    });
    codes.push(issued.code);
  }
  return codes;
}

/** One compaction on demand, timed, with the longest event-loop stall it caused. */
async function compact(): Promise<CompactResult> {
  const running = requirePlatform();
  let last = performance.now();
  let blocked = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    blocked = Math.max(blocked, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  blocked = 0;
  last = performance.now();
  const t0 = performance.now();
  await embeddedStore(running).compact();
  const ms = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(ticker);
  return {
    ms,
    loopBlockedMs: blocked,
    rows: rowCount(embeddedStore(running).data),
    dbBytes: statSync(join(running.platform.options.dataDir, 'db.json')).size,
  };
}

/** Memory after a full collection, so what is counted is what the process keeps. */
function memory(): MemoryReading {
  collectGarbage();
  const usage = process.memoryUsage();
  const mib = (bytes: number) => bytes / 2 ** 20;
  return {
    heapUsedMb: mib(usage.heapUsed),
    rssMb: mib(usage.rss),
    // resourceUsage reports the peak resident set in KiB.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    externalMb: mib(usage.external),
  };
}

async function stop(): Promise<null> {
  await platform?.close();
  await baseline?.close();
  await peer?.close();
  platform = undefined;
  baseline = undefined;
  peer = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  return null;
}

async function handle(command: HostCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'start':
      return start(command.start);
    case 'issue':
      return issue(command.n);
    case 'meterStart':
      return meterStart();
    case 'meterStop':
      return meterStop();
    case 'compact':
      return compact();
    case 'memory':
      return memory();
    case 'stop':
      return stop();
  }
}

function reply(message: HostRequest, payload: HostReply): void {
  process.send?.(payload, undefined, {}, () => {
    if (message.cmd === 'stop') process.exit(0);
  });
}

process.on('message', (message: HostRequest) => {
  handle(message).then(
    (result) => reply(message, { id: message.id, ok: true, result }),
    (error: unknown) =>
      reply(message, {
        id: message.id,
        ok: false,
        error: (error as Error)?.stack ?? String(error),
      }),
  );
});

// The bench went away: clean up the temporary store and leave.
process.on('disconnect', () => {
  void stop().finally(() => process.exit(0));
});
