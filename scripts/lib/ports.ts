import { createServer } from 'node:net';

export type PortState =
  { free: true } | { free: false; reason: 'taken' | 'forbidden' | 'bad-host'; detail: string };

/** Whether a server could listen on `host:port` now: tries it, and lets go at once. */
export function probePort(port: number, host: string): Promise<PortState> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE' ? 'taken' : error.code === 'EACCES' ? 'forbidden' : 'bad-host';
      resolve({ free: false, reason, detail: error.message });
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve({ free: true }));
    });
  });
}

/** A free port to suggest instead of `port`: the next ten up (7700 → 7710 …), skipping `avoid`. */
export async function suggestPort(
  port: number,
  host: string,
  avoid: number[],
): Promise<number | undefined> {
  for (let candidate = port + 10; candidate <= Math.min(port + 200, 65535); candidate += 10) {
    if (avoid.includes(candidate)) continue;
    if ((await probePort(candidate, host)).free) return candidate;
  }
  return undefined;
}
