/**
 * Node only, and nothing of Playwright: the one free-port helper of the repository. The kit's
 * `startSandbox` uses it, and so do the platform's test servers (`@mp-sandbox/playwright/freePort`,
 * which loads neither `@playwright/test` nor the rest of the kit).
 */
import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on right now, chosen below the ephemeral range (32768-60999 on
 * Linux, 49152-65535 on macOS and Windows). Port 0 would give one from that range, which the kernel
 * also hands to outgoing connections (a test suite's database pool, a busy CI machine): one of them
 * could take the port between this probe and the server's own listen ("port … was taken while the
 * sandbox started").
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await listens(port)) return port;
  }
  throw new Error('no free loopback port between 20000 and 32000 after 50 tries');
}

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
