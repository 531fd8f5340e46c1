/**
 * The launcher's static server (scripts/lib/staticServer.ts), on real sockets of 127.0.0.1 with a
 * real build folder: caching, compression, the single-page fallback, placeholders, /my.js for
 * other origins, and a `/platform` proxy that streams server-sent events as they come.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticSite, type RunningSite } from '../scripts/lib/staticServer.js';

const dir = mkdtempSync(join(tmpdir(), 'static-site-'));
const bundle = `console.log("merchant at __MERCHANT__");\n${'const filler = "abcdefghij";\n'.repeat(200)}`;
let site: RunningSite;
let upstream: Server;
let releaseStream: () => void = () => {};

function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${site.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  mkdirSync(join(dir, 'www/assets'), { recursive: true });
  writeFileSync(
    join(dir, 'www/index.html'),
    '<!doctype html><title>shell</title><script src="/assets/app-abc123.js"></script>',
  );
  writeFileSync(join(dir, 'www/assets/app-abc123.js'), bundle);
  writeFileSync(join(dir, 'my.js'), 'window.my = {};');

  // A stand-in platform: an event stream that sends one event at once and holds the rest back.
  upstream = createServer((req, res) => {
    if (req.url?.startsWith('/sandbox/v1/events/stream')) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write('data: {"seq":1}\n\n');
      releaseStream = () => res.end('data: {"seq":2}\n\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        path: req.url,
        method: req.method,
        secret: req.headers['x-test-secret'] ?? null,
        cookie: req.headers.cookie ?? null,
      }),
    );
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

  site = await startStaticSite({
    name: 'wallet shell',
    root: join(dir, 'www'),
    host: '127.0.0.1',
    port: 0,
    spa: true,
    replace: { __MERCHANT__: 'http://127.0.0.1:9999' },
    extraFiles: { '/my.js': { file: join(dir, 'my.js'), cors: true } },
    headers: { 'X-Frame-Options': 'SAMEORIGIN' },
    allowedHosts: ['127.0.0.1', 'localhost'],
    proxy: {
      prefix: '/platform',
      target,
      forwardedHeaders: () => ({ 'x-test-secret': 's3cret' }),
      strippedHeaders: ['cookie'],
    },
  });
});

afterAll(async () => {
  releaseStream();
  await site?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('the launcher static server', () => {
  it('serves pages no-cache with an ETag (304 when unchanged) and hashed assets immutable', async () => {
    const page = await get('/');
    expect(page.res.statusCode).toBe(200);
    expect(page.res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.res.headers['cache-control']).toBe('no-cache');
    expect(page.res.headers['x-frame-options']).toBe('SAMEORIGIN');
    const again = await get('/', { 'If-None-Match': String(page.res.headers.etag) });
    expect(again.res.statusCode).toBe(304);
    expect(again.body.length).toBe(0);

    const asset = await get('/assets/app-abc123.js');
    expect(asset.res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('compresses with brotli or gzip as the browser accepts, and fills in placeholders', async () => {
    const expected = bundle.replace('__MERCHANT__', 'http://127.0.0.1:9999');
    const br = await get('/assets/app-abc123.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.res.headers['content-encoding']).toBe('br');
    expect(br.res.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(expected.length / 5);
    expect(brotliDecompressSync(br.body).toString()).toBe(expected);
    const gzip = await get('/assets/app-abc123.js', { 'Accept-Encoding': 'gzip' });
    expect(gunzipSync(gzip.body).toString()).toBe(expected);
    const plain = await get('/assets/app-abc123.js');
    expect(plain.res.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(expected);
  });

  it("answers the shell's own routes with index.html, and a missing file with a 404 that names it", async () => {
    const route = await get('/authorizations');
    expect(route.res.statusCode).toBe(200);
    expect(route.body.toString()).toContain('<title>shell</title>');
    const missing = await get('/assets/gone-123.js');
    expect(missing.res.statusCode).toBe(404);
    expect(missing.body.toString()).toContain(
      "/assets/gone-123.js is not part of the wallet shell's build",
    );
    const post = await get('/', {}, 'POST');
    expect(post.res.statusCode).toBe(405);
    expect(JSON.parse(post.body.toString())).toMatchObject({ error: 'METHOD_NOT_ALLOWED' });
    const bad = await get('/%E0%A4%A');
    expect(bad.res.statusCode).toBe(400);
  });

  it('serves /my.js to any origin', async () => {
    const my = await get('/my.js', { Origin: 'http://127.0.0.1:5173' });
    expect(my.res.headers['access-control-allow-origin']).toBe('*');
    expect(my.res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(my.body.toString()).toBe('window.my = {};');
  });

  it('proxies /platform with the policy headers, and streams an event stream before it ends', async () => {
    const plain = await get('/platform/sandbox/v1/health?x=1', { Cookie: 'a=b' });
    expect(JSON.parse(plain.body.toString())).toEqual({
      path: '/sandbox/v1/health?x=1',
      method: 'GET',
      secret: 's3cret',
      cookie: null,
    });

    const firstEvent = await new Promise<string>((resolve, reject) => {
      const req = request(`${site.url}/platform/sandbox/v1/events/stream?since=0`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        // The upstream has not ended: this only arrives if nothing buffers it.
        res.once('data', (chunk: Buffer) => {
          resolve(chunk.toString());
          req.destroy();
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(firstEvent).toBe('data: {"seq":1}\n\n');
  });

  it('says what to check when the platform does not answer', async () => {
    const down = await startStaticSite({
      name: 'wallet shell',
      root: join(dir, 'www'),
      host: '127.0.0.1',
      port: 0,
      proxy: { prefix: '/platform', target: 'http://127.0.0.1:1' },
    });
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(`${down.url}/platform/sandbox/v1/health`, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
      expect(answer.status).toBe(502);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'PLATFORM_UNREACHABLE' });
      expect(JSON.parse(answer.body).message).toContain('SHELL_PLATFORM_URL');
    } finally {
      await down.close();
    }
  });

  it('refuses a Host that is not one of its names (DNS rebinding), pages and proxy alike', async () => {
    for (const path of ['/', '/assets/app-abc123.js', '/platform/sandbox/v1/personas']) {
      const answer = await get(path, { Host: `rebind.example:${site.port}` });
      expect(answer.res.statusCode, path).toBe(403);
      expect(JSON.parse(answer.body.toString())).toMatchObject({ error: 'FORBIDDEN_HOST' });
    }
    expect((await get('/', { Host: `localhost:${site.port}` })).res.statusCode).toBe(200);
  });

  it('refuses to start on a folder without a build, naming it', async () => {
    await expect(
      startStaticSite({
        name: 'sample mini programs',
        root: join(dir, 'nothing'),
        host: '127.0.0.1',
        port: 0,
      }),
    ).rejects.toThrow(`sample mini programs: no production build in ${join(dir, 'nothing')}`);
  });
});
