/**
 * Where the wallet's first render spends its time, seen by Chromium itself (a diagnostic for
 * bench 5, not a benchmark): `npx tsx bench/src/renderTrace.ts [contexts] <shell>...`.
 *
 * A shell is a URL (a running sandbox: `npm run sandbox`, production builds) or a folder holding a
 * shell build (`vite build --outDir <folder>`), which is served here by the launcher's own static
 * server (scripts/lib/production.ts) in front of the platform at PLATFORM_PORT (and its data folder,
 * SANDBOX_DATA_DIR), so two builds can be compared against one platform.
 *
 * For each fresh browser context (empty cache, the browser launched beforehand, like bench 5) it
 * records, from `goto` to the painted "Mini programs" heading (bench 5's clock, headingPaint.ts):
 * - the network waterfall (CDP Network: when each request left, its first byte, its end);
 * - the renderer main thread (a Chromium trace): its tasks over 3 ms and what ran in them (script
 *   evaluation, timers, microtasks, style, layout, font look-ups, image decoding, paint);
 * - the JavaScript that ran (CDP Profiler, 100 µs samples): self time by function and by file.
 * All times are ms from `goto`. `PLAIN=1`: only bench 5's clock, with no trace or profiler, the
 * shells' loads interleaved (A B B A), and the medians: an A/B of two builds on one machine.
 */
import { existsSync, statSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, freePort } from '@mp-sandbox/playwright';
import { buildLayout, startProductionParts } from '../../scripts/lib/production.js';
import { headingPaint, watchHeadingPaint } from './headingPaint.js';
import { median } from './sandboxOnFreePorts.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const shells = args.filter((a) => !/^\d+$/.test(a));
if (shells.length === 0) shells.push('http://127.0.0.1:7700');

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;

async function oneRun(browser: Browser, shellUrl: string, run: number): Promise<void> {
  const context = await browser.newContext();
  await watchHeadingPaint(context);
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = new Map<
    string,
    { url: string; sent: number; response?: number; end?: number; size?: number }
  >();
  // The browser's monotonic clock (CDP and trace timestamps) against the epoch, from the
  // document's request, so that every time can be told from `goto`.
  let epochOffsetMs: number | undefined;
  cdp.on('Network.requestWillBeSent', (e) => {
    epochOffsetMs ??= e.wallTime * 1000 - e.timestamp * 1000;
    requests.set(e.requestId, { url: e.request.url, sent: e.timestamp });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.response = e.timestamp;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { end: e.timestamp, size: e.encodedDataLength });
  });
  await cdp.send('Network.enable');
  // NO_PROFILE=1: the trace alone (the sampling profiler slows the page's JavaScript down).
  const profiling = !process.env['NO_PROFILE'];
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  }
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'fonts',
      'blink',
      'v8.execute',
      'disabled-by-default-devtools.timeline',
      'blink.user_timing',
      'loading',
      'v8',
    ],
  });
  if (profiling) await cdp.send('Profiler.start');
  // Wall clock, as the page's (bench 5, launcherBench.ts).
  const t0 = Date.now();
  await page.goto(`${shellUrl}/`);
  const painted = await headingPaint(page);
  const total = Date.now() - t0;
  type Profile = {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
  };
  const { profile } = profiling
    ? ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile })
    : { profile: { nodes: [], samples: [], timeDeltas: [], startTime: 0 } as Profile };
  const raw = await browser.stopTracing();
  if (process.env['TRACE_OUT'])
    (await import('node:fs')).writeFileSync(`${process.env['TRACE_OUT']}.${run}.json`, raw);
  const trace = JSON.parse(raw.toString('utf8')) as { traceEvents: TraceEvent[] };
  const nav = await page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const paints = performance
      .getEntriesByType('paint')
      .map((p) => `${p.name} ${p.startTime.toFixed(0)}`);
    return {
      responseEnd: entry?.responseEnd ?? 0,
      domInteractive: entry?.domInteractive ?? 0,
      paints,
    };
  });

  // Navigation timings are ms from the page's navigation start; everything below is from goto.
  const navStart = painted.navigationStart - t0;
  console.log(
    `\n=== ${shellUrl} run ${run}: heading painted ${ms(painted.paintedAt - t0)} from goto (navigation start ${ms(navStart)}; seen by Playwright ${ms(total)}); ${nav.paints.map((p) => p.replace(/ (\d+)$/, (_, v: string) => ` ${(Number(v) + navStart).toFixed(0)}`)).join(', ')}; domInteractive ${(nav.domInteractive + navStart).toFixed(0)}`,
  );
  // Network timestamps are seconds on the browser's monotonic clock.
  const list = [...requests.values()].sort((a, b) => a.sent - b.sent);
  const fromGo = (monotonicMs: number) => monotonicMs + (epochOffsetMs ?? 0) - t0;
  for (const r of list) {
    const at = (t?: number) => (t === undefined ? '    -   ' : ms(fromGo(t * 1000)));
    console.log(
      `  net ${at(r.sent)} → ${at(r.response)} → ${at(r.end)}  ${String(r.size ?? '').padStart(7)} B  ${r.url.replace(shellUrl, '')}`,
    );
  }

  // The renderer's main thread: the renderer that worked most (a fresh context first makes one
  // for about:blank, then another for the page), its top-level tasks and what they were.
  const events = trace.traceEvents;
  const runTaskTime = new Map<string, number>();
  for (const e of events)
    if (e.name === 'RunTask' && e.dur !== undefined && e.pid === e.tid)
      runTaskTime.set(`${e.pid}`, (runTaskTime.get(`${e.pid}`) ?? 0) + e.dur);
  const rendererMains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}`),
  );
  const busiest = [...runTaskTime]
    .filter(([pid]) => rendererMains.has(pid))
    .sort((a, b) => b[1] - a[1])[0]?.[0];
  if (busiest !== undefined) {
    const pid = Number(busiest);
    const onMain = events.filter(
      (e) => e.pid === pid && e.tid === pid && e.ph === 'X' && e.dur !== undefined,
    );
    // Trace timestamps are µs on the same monotonic clock as the network's.
    const at = (ts: number) => ms(fromGo(ts / 1000));
    const kinds = [
      'v8.compile',
      'v8.compileModule',
      'v8.evaluateModule',
      'EvaluateScript',
      'FunctionCall',
      'TimerFire',
      'RunMicrotasks',
      'ParseHTML',
      'ParseAuthorStyleSheet',
      'UpdateLayoutTree',
      'Layout',
      'FontCache::GetFontPlatformData',
      'SVGImage::DataChanged',
      'Paint',
      'Commit',
      'MajorGC',
      'MinorGC',
      'EventDispatch',
      'FireAnimationFrame',
    ];
    const busy = new Map<string, number>();
    for (const e of onMain)
      if (kinds.includes(e.name)) busy.set(e.name, (busy.get(e.name) ?? 0) + e.dur! / 1000);
    console.log(
      '  main thread, summed (nested events overlap):',
      [...busy]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', '),
    );
    const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! > 3000);
    for (const task of tasks) {
      const inner = onMain.filter(
        (e) =>
          e.ts >= task.ts &&
          e.ts < task.ts + task.dur! &&
          e !== task &&
          kinds.includes(e.name) &&
          e.dur! > 2000,
      );
      const what = inner
        .map((e) => {
          const data = e.args?.data ?? {};
          const file = data['url'] ? `(${String(data['url']).split('/').pop()})` : '';
          const fn = data['functionName'] ? `[${String(data['functionName'])}]` : '';
          return `${e.name}${file}${fn} ${(e.dur! / 1000).toFixed(0)}`;
        })
        .join(', ');
      console.log(`  task at ${at(task.ts)} for ${ms(task.dur! / 1000)}: ${what}`);
    }
  }

  // JavaScript self time by function and by file.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
  );
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, time] of self) {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.split('/').pop() || `(${frame.functionName || 'program'})`;
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber}:${frame.columnNumber}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + time);
    byFile.set(file, (byFile.get(file) ?? 0) + time);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${v.toFixed(1).padStart(7)} ms  ${k}`);
  // Inclusive time of the functions whose name starts with a capital (React components, when
  // the build is not minified), so a slow component shows with everything it called.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)!.callFrame.functionName;
      if (/^[A-Z]/.test(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      }
    }
  });
  console.log(
    '  JS inclusive time of capitalised functions (components):\n' +
      top(inclusive, 15)
        .map((l) => `    ${l}`)
        .join('\n'),
  );
  console.log(
    '  JS self time by file:\n' +
      top(byFile, 8)
        .map((l) => `    ${l}`)
        .join('\n'),
  );
  console.log(
    '  JS self time by function:\n' +
      top(byFunction, 15)
        .map((l) => `    ${l}`)
        .join('\n'),
  );
  await context.close();
}

/** Bench 5's measure alone (no profiler, no trace): `goto` to the heading painted, in ms. */
async function plainRun(browser: Browser, shellUrl: string): Promise<number> {
  const context = await browser.newContext();
  await watchHeadingPaint(context);
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${shellUrl}/`);
  const { paintedAt } = await headingPaint(page);
  await context.close();
  return paintedAt - t0;
}

/** A URL as it is; a folder with a shell build is served on a free port in front of the platform. */
async function serve(shell: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (!existsSync(shell) || !statSync(shell).isDirectory())
    return { url: shell.replace(/\/$/, ''), stop: async () => {} };
  const port = await freePort();
  const running = await startProductionParts(
    ['shell'],
    { ...process.env, SHELL_PORT: String(port) },
    { ...buildLayout(), shell },
  );
  return { url: running.urls.shell!, stop: running.stop };
}

const served = await Promise.all(shells.map(serve));
// Like bench 5, the browser is launched before anything is timed.
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  if (process.env['PLAIN']) {
    const samples = served.map(() => [] as number[]);
    for (let i = 0; i < runs; i++) {
      // A B B A: neither build always goes first.
      const order = i % 2 === 0 ? served.keys() : [...served.keys()].reverse();
      for (const k of order) samples[k]!.push(await plainRun(browser, served[k]!.url));
    }
    served.forEach((shell, k) =>
      console.log(
        `plain ${shells[k]}: heading painted ${samples[k]!.map((s) => s.toFixed(0)).join(', ')} ms from goto; median ${median(samples[k]!).toFixed(0)} ms`,
      ),
    );
  } else {
    for (let i = 1; i <= runs; i++) for (const shell of served) await oneRun(browser, shell.url, i);
  }
} finally {
  await browser.close();
  for (const shell of served) await shell.stop();
}
