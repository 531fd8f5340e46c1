/**
 * Bench 1: applyToken throughput against "express echo + one RSA verify + one RSA sign".
 *
 * Four server hosts, each in its own process: the baseline (keys parsed once), a diagnostic
 * baseline that parses its PEM keys on every request, a real platform, and the peer
 * (oauth2-mock-server's authorization_code grant, peerServer.ts). The client is the real
 * OpenApiClient in this process for the first three: it signs every request (RSA-2048) and
 * verifies every response, so the client-side work is identical. The peer's client posts the
 * code form and verifies the id token (one RSA verify, no request signature: OAuth has none).
 * Every window has the same concurrency, request cap and time cap. Codes are issued before each
 * window (inside the platform process; from the peer's /authorize), so only the exchange is
 * timed. Rounds rotate the order; the figures are medians over rounds.
 */
import { Host } from './hostClient.js';
import { fmt, median } from './load.js';
import type { SummaryRow } from './report.js';
import { CONCURRENCY, describeSegment, measure, type Segment } from './segment.js';

/**
 * Requests each server answers before the first measured window, the same count for every one:
 * steady state is what is compared. With 400, V8 was still optimising the platform's hot
 * functions for the first time while windows ran (`BENCH_V8_FLAGS=--trace-opt`: authenticate,
 * correlate, injectFault, the store's transaction, the journal's append, after 1,000-1,600
 * answers), and its helper threads took up to 450-530 µs of CPU per answer in the first windows
 * against ~120 in later ones (`BENCH_THREAD_CPU=1`); the platform has more hot code than the
 * baseline, so a short warm-up charges it more compiling.
 */
const WARMUP = 1500;
const PER_ROUND = 1500;
const ROUNDS = 9;
const MAX_MS = 12_000;
export const APPLY_TOKEN_TARGET = 0.8;
/** The peer signs two tokens per answer; applyToken verifies one request and signs one answer. */
export const PEER_TARGET = 1.5;

export async function applyTokenBench(): Promise<SummaryRow[]> {
  console.log(
    `\n## 1. applyToken vs baseline (concurrency ${CONCURRENCY}, ${ROUNDS} rounds of ${PER_ROUND}, warm-up ${WARMUP})`,
  );
  const hosts = await Promise.all([
    Host.start('baseline', { kind: 'baseline', keyMode: 'keyobject' }),
    Host.start('baseline-pem', { kind: 'baseline', keyMode: 'pem' }),
    Host.start('platform', { kind: 'platform', seedTokens: 0 }),
    Host.start('peer', { kind: 'peer' }),
  ]);
  const [baseline, baselinePem, platform, peer] = hosts;
  try {
    const echoTask = (host: Host) => (i: number) =>
      host.client.applyToken({
        appId: host.started.appId,
        authClientId: host.started.clientId,
        grantType: 'AUTHORIZATION_CODE',
        authCode: `2810BENCH${i}`,
      });
    const platformWindow = async (n: number) => {
      const codes = await platform.issue(n);
      return measure(platform, n, MAX_MS, (i) =>
        platform.client.applyToken({
          appId: platform.started.appId,
          authClientId: platform.started.clientId,
          grantType: 'AUTHORIZATION_CODE',
          authCode: codes[i]!,
        }),
      );
    };
    // The peer's codes come from its authorization endpoint before the window, as the platform's do.
    const peerWindow = async (n: number) => {
      const codes = await peer.issue(n);
      return measure(peer, n, MAX_MS, (i) => peer.peer!.exchange(codes[i]!));
    };
    const windows: Record<string, (n: number) => Promise<Segment>> = {
      baseline: (n) => measure(baseline, n, MAX_MS, echoTask(baseline)),
      'baseline-pem': (n) => measure(baselinePem, n, MAX_MS, echoTask(baselinePem)),
      platform: platformWindow,
      peer: peerWindow,
    };
    const names = Object.keys(windows);
    for (const name of names) await windows[name]!(WARMUP);
    const results: Record<string, Segment[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round, so drift (heat, other load) does not favour one server.
      const order = names.map((_, i) => names[(i + round) % names.length]!);
      for (const name of order) {
        const segment = await windows[name]!(PER_ROUND);
        results[name]!.push(segment);
        console.log(`  r${round + 1} ${describeSegment(segment)}`);
      }
    }
    const rps = (name: string) => median(results[name]!.map((s) => s.rps));
    const cpu = (name: string) => median(results[name]!.map((s) => s.serverCpuUs));
    const ratio = rps('platform') / rps('baseline');
    const cpuRatio = cpu('baseline') / cpu('platform');
    const pemRatio = rps('platform') / rps('baseline-pem');
    const peerRatio = rps('platform') / rps('peer');
    console.log(
      `  median req/s: baseline ${fmt(rps('baseline'))}, baseline-pem ${fmt(rps('baseline-pem'))}, platform ${fmt(rps('platform'))}, peer ${fmt(rps('peer'))}` +
        `\n  median server CPU µs/req: baseline ${fmt(cpu('baseline'))}, baseline-pem ${fmt(cpu('baseline-pem'))}, platform ${fmt(cpu('platform'))}, peer ${fmt(cpu('peer'))}` +
        `\n  ratio platform/baseline ${fmt(ratio, 2)} (target ≥ ${APPLY_TOKEN_TARGET}): ${ratio >= APPLY_TOKEN_TARGET ? 'PASS' : 'MISS'}` +
        `\n  ratio platform/peer ${fmt(peerRatio, 2)} (goal ≥ ${PEER_TARGET}): ${peerRatio >= PEER_TARGET ? 'PASS' : 'MISS'}`,
    );
    return [
      {
        bench: 'applyToken / baseline (req/s)',
        measured: `${fmt(rps('platform'))} vs ${fmt(rps('baseline'))} req/s`,
        ratio: fmt(ratio, 2),
        target: `≥ ${APPLY_TOKEN_TARGET}`,
        pass: ratio >= APPLY_TOKEN_TARGET,
      },
      {
        bench: '  server CPU per req (baseline/platform)',
        measured: `${fmt(cpu('platform'))} vs ${fmt(cpu('baseline'))} µs`,
        ratio: fmt(cpuRatio, 2),
        target: 'diagnostic',
      },
      {
        bench: 'applyToken / oauth2-mock-server code grant (req/s)',
        measured: `${fmt(rps('platform'))} vs ${fmt(rps('peer'))} req/s`,
        ratio: fmt(peerRatio, 2),
        target: `≥ ${PEER_TARGET}`,
        pass: peerRatio >= PEER_TARGET,
      },
      {
        bench: '  server CPU per req (peer/platform)',
        measured: `${fmt(cpu('platform'))} vs ${fmt(cpu('peer'))} µs`,
        ratio: fmt(cpu('peer') / cpu('platform'), 2),
        target: 'diagnostic',
      },
      {
        bench: '  applyToken / baseline-pem (req/s)',
        measured: `${fmt(rps('platform'))} vs ${fmt(rps('baseline-pem'))} req/s`,
        ratio: fmt(pemRatio, 2),
        target: 'diagnostic',
      },
    ];
  } finally {
    await Promise.all(hosts.map((h) => h.stop()));
  }
}
