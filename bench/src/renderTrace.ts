/**
 * Where the wallet's first render spends its time, seen by Chromium itself (a diagnostic for
 * bench 5, not a benchmark): `npx tsx bench/src/renderTrace.ts <shell URL> [contexts]`.
 *
 * For each fresh browser context (empty cache, the browser launched beforehand, like bench 5) it
 * records, from navigation start to the "Mini programs" heading:
 * - the network waterfall (CDP Network: when each request left, its first byte, its end);
 * - the renderer main thread (a Chromium trace, devtools.timeline): script evaluation, function
 *   calls, style/layout/paint, garbage collection, and what ran between them;
 * - the JavaScript that ran (CDP Profiler, 100 µs samples): self time by function and by file.
 * Run it against a sandbox that is already running (`npm run sandbox`, production builds).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '@mp-sandbox/playwright';

const shellUrl = process.argv[2] ?? 'http://127.0.0.1:7700';
const runs = Number(process.argv[3] ?? 3);

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

async function oneRun(browser: Browser, run: number): Promise<void> {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = new Map<
    string,
    { url: string; sent: number; response?: number; end?: number; size?: number }
  >();
  cdp.on('Network.requestWillBeSent', (e) =>
    requests.set(e.requestId, { url: e.request.url, sent: e.timestamp }),
  );
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
  const t0 = performance.now();
  await page.goto(`${shellUrl}/`);
  await page.getByRole('heading', { name: 'Mini programs' }).waitFor({ timeout: 60_000 });
  const total = performance.now() - t0;
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

  console.log(
    `\n=== run ${run}: heading after ${total.toFixed(0)} ms (Playwright clock); ${nav.paints.join(', ')}; domInteractive ${nav.domInteractive.toFixed(0)}`,
  );
  // Network timestamps are seconds on the browser's monotonic clock; the first request is 0.
  const list = [...requests.values()].sort((a, b) => a.sent - b.sent);
  const origin = list[0]?.sent ?? 0;
  for (const r of list) {
    const at = (t?: number) => (t === undefined ? '    -   ' : ms((t - origin) * 1000));
    console.log(
      `  net ${at(r.sent)} → ${at(r.response)} → ${at(r.end)}  ${String(r.size ?? '').padStart(7)} B  ${r.url.replace(shellUrl, '')}`,
    );
  }

  // The renderer's main thread: top-level tasks and what they were.
  const events = trace.traceEvents;
  const mainThread = events.find(
    (e) =>
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      events.some((x) => x.pid === e.pid && x.name === 'ParseHTML'),
  );
  if (mainThread) {
    const onMain = events.filter(
      (e) =>
        e.pid === mainThread.pid && e.tid === mainThread.tid && e.ph === 'X' && e.dur !== undefined,
    );
    const start = (events.find(
      (e) => e.pid === mainThread.pid && e.name === 'ResourceSendRequest',
    ) ?? onMain[0])!.ts;
    const kinds = [
      'EvaluateScript',
      'v8.compile',
      'v8.compileModule',
      'v8.evaluateModule',
      'FunctionCall',
      'TimerFire',
      'ParseHTML',
      'ParseAuthorStyleSheet',
      'UpdateLayoutTree',
      'Layout',
      'Paint',
      'PrePaint',
      'MajorGC',
      'MinorGC',
      'V8.GC_SCAVENGER',
      'RunMicrotasks',
      'EventDispatch',
      'FireAnimationFrame',
      'v8.parseOnBackground',
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
    const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! > 8000);
    for (const task of tasks) {
      const inner = onMain.filter(
        (e) =>
          e.ts >= task.ts &&
          e.ts < task.ts + task.dur! &&
          e !== task &&
          kinds.includes(e.name) &&
          e.dur! > 3000,
      );
      const what = inner
        .map(
          (e) =>
            `${e.name}${e.args?.data?.['url'] ? `(${String(e.args.data['url']).split('/').pop()})` : ''} ${(e.dur! / 1000).toFixed(0)}`,
        )
        .join(', ');
      console.log(`  task at ${ms((task.ts - start) / 1000)} for ${ms(task.dur! / 1000)}: ${what}`);
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

/** Bench 5's measure alone (no profiler, no trace): navigation to the heading, in ms. */
async function plainRun(browser: Browser): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(`${shellUrl}/`);
  await page.getByRole('heading', { name: 'Mini programs' }).waitFor({ timeout: 60_000 });
  const total = performance.now() - t0;
  await context.close();
  return total;
}

// Like bench 5, the browser is launched before anything is timed.
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
if (process.env['PLAIN']) {
  const samples: number[] = [];
  for (let i = 1; i <= runs; i++) samples.push(await plainRun(browser));
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `plain: ${samples.map((s) => s.toFixed(0)).join(', ')} ms; median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms`,
  );
} else {
  for (let i = 1; i <= runs; i++) await oneRun(browser, i);
}
await browser.close();
