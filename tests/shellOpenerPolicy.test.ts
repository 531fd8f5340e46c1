/**
 * The wallet shell's `Cross-Origin-Opener-Policy` goes only to pages whose origin browsers trust
 * (https, loopback names), where they honour it: on a team's plain-http host name Chromium ignores
 * it and logs a console error on every load. And only to a load another page could have started: a
 * fresh tab would pay for it with a second renderer. The launcher's shell (startProductionParts,
 * the real static server and policy) on a free port of 127.0.0.1, asked under each name in `Host`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@mp-sandbox/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackName } from '../apps/shell/server/trustworthyOrigin.js';
import { buildLayout, startProductionParts, type RunningParts } from '../scripts/lib/production.js';

const TEAM_HOST = 'sandbox.team.test';
const dir = mkdtempSync(join(tmpdir(), 'shell-coop-'));
let running: RunningParts;
let port: number;

/** Asks the shell on 127.0.0.1 for `path`, naming it `host` as a browser that resolved it would. */
function headersOf(
  path: string,
  host: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { Host: `${host}:${port}`, ...extra } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  // A build of its own: this is about the server's headers, not the shell's pages.
  const layout = {
    ...buildLayout(),
    shell: join(dir, 'shell'),
    myJs: join(dir, 'my.js'),
  };
  mkdirSync(join(layout.shell, 'assets'), { recursive: true });
  writeFileSync(join(layout.shell, 'index.html'), '<!doctype html><title>wallet</title>');
  writeFileSync(join(layout.shell, 'assets/app-abc123.js'), 'console.log("wallet");');
  writeFileSync(layout.myJs, 'window.my = {};');
  port = await freePort();
  running = await startProductionParts(
    ['shell'],
    {
      SHELL_PORT: String(port),
      PLATFORM_PORT: String(await freePort()),
      // The team's name, as in README "Run it for a team": the shell answers to it.
      SANDBOX_HOST: TEAM_HOST,
      SANDBOX_BIND_HOST: '127.0.0.1',
      SANDBOX_DATA_DIR: join(dir, 'data'),
      SANDBOX_SHELL_RENDER: 'off',
    },
    layout,
  );
});

afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the wallet shell's Cross-Origin-Opener-Policy", () => {
  it('is sent to pages on 127.0.0.1, localhost and [::1], with every other security header', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      const { status, headers } = await headersOf('/', host);
      expect(status, host).toBe(200);
      expect(headers['cross-origin-opener-policy'], host).toBe('same-origin');
      expect(headers['content-security-policy'], host).toBe("frame-ancestors 'self'");
      expect(headers['x-frame-options'], host).toBe('SAMEORIGIN');
      expect(headers['x-content-type-options'], host).toBe('nosniff');
    }
  });

  it('is left out on a plain-http name that is not loopback, and only it', async () => {
    const { status, headers } = await headersOf('/', TEAM_HOST);
    expect(status).toBe(200);
    expect(headers['cross-origin-opener-policy']).toBeUndefined();
    expect(headers['content-security-policy']).toBe("frame-ancestors 'self'");
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('is sent on that name when a TLS-terminating proxy in front says the page is https', async () => {
    const { headers } = await headersOf('/', TEAM_HOST, { 'X-Forwarded-Proto': 'https' });
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    const plain = await headersOf('/', TEAM_HOST, { 'X-Forwarded-Proto': 'http' });
    expect(plain.headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('is sent to every load a page could have started, and left out of one the person started', async () => {
    // Another port of 127.0.0.1 is the same site; a browser without Fetch Metadata says nothing.
    for (const site of ['cross-site', 'same-site', 'same-origin', undefined]) {
      const { headers } = await headersOf('/', '127.0.0.1', site ? { 'Sec-Fetch-Site': site } : {});
      expect(headers['cross-origin-opener-policy'], site).toBe('same-origin');
    }
    // The address bar, a bookmark, a test's goto: no opener, so no second renderer to pay for.
    const typed = await headersOf('/', '127.0.0.1', { 'Sec-Fetch-Site': 'none' });
    expect(typed.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(typed.headers['content-security-policy']).toBe("frame-ancestors 'self'");
    expect(typed.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(typed.headers['x-content-type-options']).toBe('nosniff');
  });

  it('makes pages and cached assets vary on Host, X-Forwarded-Proto and Sec-Fetch-Site, 304s included', async () => {
    const page = await headersOf('/', '127.0.0.1');
    expect(page.headers.vary).toBe('Accept-Encoding, Host, X-Forwarded-Proto, Sec-Fetch-Site');
    const asset = await headersOf('/assets/app-abc123.js', TEAM_HOST);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.vary).toBe('Accept-Encoding, Host, X-Forwarded-Proto, Sec-Fetch-Site');
    expect(asset.headers['cross-origin-opener-policy']).toBeUndefined();
    const again = await headersOf('/', TEAM_HOST, { 'If-None-Match': String(page.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers.vary).toBe('Accept-Encoding, Host, X-Forwarded-Proto, Sec-Fetch-Site');
    expect(again.headers['cross-origin-opener-policy']).toBeUndefined();
  });
});

describe('loopback names, as browsers count them', () => {
  it('are localhost and *.localhost, 127.0.0.0/8 and ::1, with or without a port', () => {
    for (const host of [
      'localhost',
      'LOCALHOST:7700',
      'localhost.',
      'wallet.localhost:7700',
      '127.0.0.1',
      '127.8.9.10:7700',
      '[::1]:7700',
      '[0:0:0:0:0:0:0:1]',
    ])
      expect(isLoopbackName(host), host).toBe(true);
  });

  it('are not other names or addresses, nor names that only contain "localhost"', () => {
    for (const host of [
      undefined,
      '',
      'sandbox.team.test:7700',
      'localhost.team.test',
      'notlocalhost',
      '128.0.0.1',
      '10.0.0.127',
      '0.0.0.0',
      '[::2]:7700',
      'shell',
    ])
      expect(isLoopbackName(host), String(host)).toBe(false);
  });
});
