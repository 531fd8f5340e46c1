import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClient } from './sandboxClient.js';

/**
 * The CI flake "fetch failed: other side closed", reproduced fast. A server in another process
 * (as the platform is) closes a kept-alive socket IDLE_MS after its answer, while it advertises
 * `Keep-Alive: timeout=5` as Node does, so the client believes the socket good for 4 s. A busy
 * client (its event loop blocked longer than IDLE_MS, like a test process under load) then sends
 * its next call on the socket the server has closed: the FIN is still unread.
 */
const IDLE_MS = 20;
const SERVER = `
const { createServer } = require('node:http');
const server = createServer((req, res) => {
  req.resume();
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Keep-Alive', 'timeout=5');
  res.end('{"status":"ok"}');
  const socket = req.socket;
  clearTimeout(socket.idle);
  res.on('finish', () => { socket.idle = setTimeout(() => socket.destroy(), ${IDLE_MS}); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

let server: ChildProcess;
let url: string;

beforeAll(async () => {
  server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(server.stdout!, 'data')) as [Buffer];
  url = `http://127.0.0.1:${chunk.toString().trim()}`;
});
afterAll(() => {
  server.kill();
});

/** Blocks the event loop, as a busy test process does. */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

describe("the kit's control client on a kept-alive socket the server closed", () => {
  it('reproduces the race with a plain fetch (without the retry, calls fail)', async () => {
    let failures = 0;
    for (let i = 0; i < 20; i++) {
      await (await fetch(`${url}/sandbox/v1/health`)).text();
      busy(IDLE_MS * 3);
      try {
        await (await fetch(`${url}/sandbox/v1/health`)).text();
      } catch (error) {
        expect((error as { cause?: { code?: string } }).cause?.code).toBe('UND_ERR_SOCKET');
        failures += 1;
      }
    }
    expect(failures).toBeGreaterThan(0);
  });

  it('retries an idempotent call once when the socket closed before any answer: 100 in a row pass', async () => {
    const client = new SandboxClient(url, 'race');
    for (let i = 0; i < 100; i++) {
      await client.request('GET', '/sandbox/v1/health');
      busy(IDLE_MS * 3);
      await expect(client.request('GET', '/sandbox/v1/health')).resolves.toEqual({ status: 'ok' });
    }
  });

  it('does not retry a call that is not idempotent: the caller sees the failure', async () => {
    const client = new SandboxClient(url, 'race');
    let failed = 0;
    for (let i = 0; i < 20 && failed === 0; i++) {
      await client.request('GET', '/sandbox/v1/health');
      busy(IDLE_MS * 3);
      failed += await client.request('POST', '/sandbox/v1/authcodes', {}).then(
        () => 0,
        () => 1,
      );
    }
    expect(failed).toBe(1);
  });
});
