/** The bench's side of a server host: forks `host.ts` and calls it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createOpenApiClient, type OpenApiClient } from '@mp-sandbox/openapi-client';
import type {
  CompactResult,
  HostCommand,
  HostReply,
  MemoryReading,
  Meter,
  StartRequest,
  Started,
} from './ipc.js';
import { PeerClient } from './peerServer.js';

const HOST_SCRIPT = fileURLToPath(new URL('./host.ts', import.meta.url));

/** tsx's loader flags when the bench itself runs under tsx; otherwise load tsx explicitly. */
function hostExecArgv(): string[] {
  const inherited = process.execArgv.filter((arg) => !arg.startsWith('--cpu-prof'));
  const args = inherited.some((arg) => arg.includes('tsx'))
    ? inherited
    : [...inherited, '--import', 'tsx'];
  // BENCH_PROFILE=<dir> writes a .cpuprofile of every server host there.
  const profileDir = process.env['BENCH_PROFILE'];
  return profileDir ? [...args, '--cpu-prof', `--cpu-prof-dir=${profileDir}`] : args;
}

export class Host {
  readonly #child: ChildProcess;
  readonly #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  #next = 1;
  readonly label: string;
  started!: Started;
  /** The gateway client (baseline and platform hosts). */
  client!: OpenApiClient;
  /** The token endpoint's client (the peer host). */
  peer?: PeerClient;

  private constructor(label: string) {
    this.label = label;
    this.#child = fork(HOST_SCRIPT, [], {
      execArgv: hostExecArgv(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (reply: HostReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(`${label}: ${reply.error}`));
    });
    this.#child.on('exit', (code) => {
      for (const pending of this.#pending.values())
        pending.reject(new Error(`${label}: host exited (${code}) before answering`));
      this.#pending.clear();
    });
  }

  /**
   * Forks a host, starts its server, and makes its client: a real OpenApiClient (keys parsed once),
   * or for the peer a client of its token endpoint.
   */
  static async start(label: string, request: StartRequest): Promise<Host> {
    const host = new Host(label);
    host.started = await host.#call<Started>({ cmd: 'start', start: request }, 120_000);
    if (request.kind === 'peer') {
      host.peer = await PeerClient.connect(host.started.url);
      return host;
    }
    host.client = createOpenApiClient({
      gatewayUrl: host.started.url,
      clientId: host.started.clientId,
      privateKey: createPrivateKey(host.started.clientPrivateKey),
      keyVersion: '1',
      platformPublicKey: createPublicKey(host.started.serverPublicKey),
    });
    return host;
  }

  #call<T>(command: HostCommand, timeoutMs = 60_000): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.label}: ${command.cmd} took more than ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#child.send({ ...command, id });
    });
  }

  issue(n: number): Promise<string[]> {
    return this.#call<string[]>({ cmd: 'issue', n });
  }

  meterStart(): Promise<null> {
    return this.#call<null>({ cmd: 'meterStart' });
  }

  meterStop(): Promise<Meter> {
    return this.#call<Meter>({ cmd: 'meterStop' });
  }

  memory(): Promise<MemoryReading> {
    return this.#call<MemoryReading>({ cmd: 'memory' });
  }

  compact(): Promise<CompactResult> {
    return this.#call<CompactResult>({ cmd: 'compact' }, 120_000);
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    try {
      await this.#call<null>({ cmd: 'stop' }, 30_000);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    } finally {
      if (this.#child.exitCode === null && this.#child.pid !== undefined)
        this.#child.kill('SIGKILL');
    }
  }
}
