/** Messages between the bench (parent) and a server host (child process). */
import type { KeyMode } from './baselineServer.js';

export type StartRequest =
  | { kind: 'baseline'; keyMode: KeyMode }
  /** oauth2-mock-server's authorization_code grant (peerServer.ts). */
  | { kind: 'peer' }
  /**
   * `seedTokens` > 0 writes a store holding that many token pairs before the platform starts;
   * `storeFrom` names a data folder already holding them (`seedTokens` of them), copied in instead.
   */
  | { kind: 'platform'; seedTokens: number; storeFrom?: string };

export interface Started {
  url: string;
  clientId: string;
  appId: string;
  /** PEM the client signs requests with (empty for the peer, whose calls are not signed). */
  clientPrivateKey: string;
  /** PEM the client verifies responses with (empty for the peer: its JWKS has its keys). */
  serverPublicKey: string;
  /** Time to build and write the seeded db.json (platform with seedTokens only). */
  seedMs: number;
  /** Time from calling startPlatform/startBaseline to listening. */
  startMs: number;
  /** CPU time (all threads) the start took: less moved by other work on the machine than startMs. */
  startCpuMs: number;
  /** Records in the store at start (platform only). */
  rows: number;
  dbBytes: number;
}

/** What the server process did between meterStart and meterStop. */
export interface Meter {
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Event loop utilisation, 0..1. */
  elu: number;
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  gcMs: number;
  majorGcMs: number;
  gcCount: number;
  /** Journal compactions (snapshot rewrites) started during the window, and their total wall time. */
  compactions: number;
  compactionMs: number;
  heapUsedMb: number;
}

/** The host's memory after a full garbage collection, MiB; `peakRssMb` since it started. */
export interface MemoryReading {
  heapUsedMb: number;
  rssMb: number;
  peakRssMb: number;
  externalMb: number;
}

export interface CompactResult {
  ms: number;
  /** The longest the event loop was blocked while it ran. */
  loopBlockedMs: number;
  rows: number;
  dbBytes: number;
}

export type HostCommand =
  | { cmd: 'start'; start: StartRequest }
  | { cmd: 'issue'; n: number }
  | { cmd: 'meterStart' }
  | { cmd: 'meterStop' }
  | { cmd: 'compact' }
  | { cmd: 'memory' }
  | { cmd: 'stop' };

export type HostRequest = HostCommand & { id: number };
export type HostReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
