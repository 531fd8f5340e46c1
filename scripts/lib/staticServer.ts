/**
 * The small static server that serves the production builds (the wallet shell, the sample mini
 * programs) for the launcher, instead of Vite's dev server. Everything is read into memory at
 * start, so a request never touches the disk:
 * - hashed files under `/assets/` are cached for a year (`immutable`); pages and everything else
 *   are `no-cache` with an ETag, so a rebuilt page is seen at once;
 * - text is sent brotli- or gzip-compressed when the browser accepts it (`.br`/`.gz` files made at
 *   build time are used as they are, others are compressed once, on first use);
 * - `spa` answers any extension-less page path with index.html (the shell's own routes);
 * - `proxy` forwards a path prefix (the shell's `/platform`) to another server and streams the
 *   answer as it comes, so server-sent events are never held back;
 * - `replace` fills placeholders the build left in text files (the sample merchant's URL, which
 *   depends on the ports the launcher was given);
 * - `page` draws index.html per request (the shell's home, drawn by the server): that answer is
 *   `no-cache` without an ETag, so a browser never revalidates its way back to an old render.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { hostNameOf } from '@mp-sandbox/protocol';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

/** What the shell's `/platform` proxy needs; `apps/shell/server/proxyPolicy.ts` provides the policy. */
export interface ProxyOptions {
  prefix: string;
  target: string;
  /** Refuses what may not be forwarded (answers itself), or calls `next`. */
  guard?(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  /** Headers to add to each forwarded request. */
  forwardedHeaders?(): Record<string, string>;
  /** Request headers never forwarded. */
  strippedHeaders?: readonly string[];
}

export interface StaticSiteOptions {
  /** For messages: "wallet shell", "sample mini programs". */
  name: string;
  root: string;
  host: string;
  port: number;
  spa?: boolean;
  /** More files at fixed paths (the shell's `/my.js`), readable from any origin when `cors`. */
  extraFiles?: Record<string, { file: string; cors?: boolean }>;
  /** Placeholder → value, applied to every text file. */
  replace?: Record<string, string>;
  proxy?: ProxyOptions;
  /**
   * Headers every answer carries (framing rules, nosniff), or the headers for this request; a
   * `Vary` among them (what they are decided from) is added to the server's own.
   */
  headers?: OutgoingHttpHeaders | ((req: IncomingMessage) => OutgoingHttpHeaders);
  /**
   * Draws index.html for this request from the built one (`template`), or undefined to serve the
   * built one as it is. Must not throw or wait long (the shell's bounds its platform calls).
   */
  page?(req: IncomingMessage, template: string): Promise<string | undefined>;
  /**
   * The host names a request may name in `Host`; any other is refused, so a page whose name was
   * rebound to 127.0.0.1 (DNS rebinding) cannot load the site as its own origin. All when unset.
   */
  allowedHosts?: readonly string[];
}

export interface RunningSite {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Entry {
  body: Buffer;
  type: string;
  etag: string;
  immutable: boolean;
  cors: boolean;
  compressible: boolean;
  encoded: { br?: Buffer; gzip?: Buffer };
}

function filesUnder(root: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

function entryOf(file: string, urlPath: string, options: StaticSiteOptions, cors: boolean): Entry {
  const ext = extname(file);
  let body = readFileSync(file);
  const compressible = COMPRESSIBLE.has(ext);
  const replacements = Object.entries(options.replace ?? {});
  let replaced = false;
  if (compressible && replacements.length > 0) {
    let text = body.toString('utf8');
    for (const [token, value] of replacements) {
      if (text.includes(token)) {
        text = text.split(token).join(value);
        replaced = true;
      }
    }
    if (replaced) body = Buffer.from(text);
  }
  // Build-time compressed copies are only right when nothing was replaced in the file.
  const encoded: Entry['encoded'] = {};
  if (!replaced && existsSync(`${file}.br`)) encoded.br = readFileSync(`${file}.br`);
  if (!replaced && existsSync(`${file}.gz`)) encoded.gzip = readFileSync(`${file}.gz`);
  return {
    body,
    type: TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
    immutable: urlPath.startsWith('/assets/'),
    cors,
    compressible: compressible && body.length > 512,
    encoded,
  };
}

/** Reads the site into memory: URL path → entry. Throws, naming the folder, when it is not built. */
export function loadSite(options: StaticSiteOptions): Map<string, Entry> {
  if (!existsSync(join(options.root, 'index.html'))) {
    throw new Error(
      `${options.name}: no production build in ${options.root} (index.html is missing)`,
    );
  }
  const site = new Map<string, Entry>();
  for (const file of filesUnder(options.root)) {
    if (file.endsWith('.br') || file.endsWith('.gz')) continue;
    const urlPath = `/${relative(options.root, file).split(sep).join('/')}`;
    site.set(urlPath, entryOf(file, urlPath, options, false));
  }
  for (const [urlPath, { file, cors }] of Object.entries(options.extraFiles ?? {})) {
    if (!existsSync(file))
      throw new Error(`${options.name}: ${file} (served at ${urlPath}) is missing`);
    site.set(urlPath, entryOf(file, urlPath, options, cors ?? false));
  }
  return site;
}

function pickEncoding(
  req: IncomingMessage,
  entry: Entry,
): { name: 'br' | 'gzip'; body: Buffer } | undefined {
  if (!entry.compressible) return undefined;
  const accepted = String(req.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) {
    entry.encoded.br ??= brotliCompressSync(entry.body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 9 },
    });
    return { name: 'br', body: entry.encoded.br };
  }
  if (/\bgzip\b/.test(accepted)) {
    entry.encoded.gzip ??= gzipSync(entry.body, { level: 9 });
    return { name: 'gzip', body: entry.encoded.gzip };
  }
  return undefined;
}

/** The site's headers for this request, with `vary` (the server's own) joined to any they name. */
function siteHeaders(
  req: IncomingMessage,
  options: StaticSiteOptions,
  vary: string,
): OutgoingHttpHeaders {
  const headers = typeof options.headers === 'function' ? options.headers(req) : options.headers;
  const theirs = headers?.['Vary'];
  return { ...headers, Vary: theirs ? `${vary}, ${String(theirs)}` : vary };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: { error: string; message: string },
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

/** Forwards the request to the proxy's target and streams the answer back unbuffered. */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  proxy: ProxyOptions,
  name: string,
): void {
  const target = new URL(proxy.target);
  const path = (req.url ?? '/').slice(proxy.prefix.length) || '/';
  const headers: OutgoingHttpHeaders = { ...req.headers };
  for (const header of proxy.strippedHeaders ?? []) delete headers[header.toLowerCase()];
  Object.assign(headers, proxy.forwardedHeaders?.() ?? {});
  const upstream = httpRequest(
    {
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path,
      headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      // Send the status line and headers now: an event stream's first event may be minutes away.
      res.flushHeaders();
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) return void res.destroy();
    sendJson(res, 502, {
      error: 'PLATFORM_UNREACHABLE',
      message: `the ${name} could not reach ${proxy.target} (${error.message}); is the platform running? SHELL_PLATFORM_URL sets where ${proxy.prefix} goes`,
    });
  });
  // The browser went away (a closed event stream): stop the upstream request too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

/** A page drawn for one request: compressed now (it is small), never cached, never given an ETag. */
function sendDrawnPage(
  req: IncomingMessage,
  res: ServerResponse,
  page: string,
  options: StaticSiteOptions,
): void {
  const body = Buffer.from(page);
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accepted)
    ? { name: 'br', body: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }) }
    : /\bgzip\b/.test(accepted)
      ? { name: 'gzip', body: gzipSync(body, { level: 6 }) }
      : undefined;
  const sent = encoding?.body ?? body;
  res.writeHead(200, {
    // What it was drawn from: the URL, the persona and language choices (Accept-Language), the
    // console's place (a cookie).
    ...siteHeaders(req, options, 'Accept-Encoding, Accept-Language, Cookie'),
    'Content-Type': TYPES['.html'],
    'Cache-Control': 'no-cache',
    ...(encoding && { 'Content-Encoding': encoding.name }),
    'Content-Length': sent.length,
  });
  res.end(req.method === 'HEAD' ? undefined : sent);
}

async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  site: Map<string, Entry>,
  options: StaticSiteOptions,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  let path = decodeURIComponent(url.pathname);
  if (path.endsWith('/')) path += 'index.html';
  let entry = site.get(path) ?? site.get(`${path}.html`);
  // The shell's own routes (no extension) are pages of the single-page app.
  if (!entry && options.spa && extname(path) === '') entry = site.get('/index.html');
  if (entry && options.page && entry === site.get('/index.html')) {
    const page = await options.page(req, entry.body.toString('utf8')).catch(() => undefined);
    if (page !== undefined) return sendDrawnPage(req, res, page, options);
  }
  if (!entry) {
    res.writeHead(404, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-cache',
    });
    res.end(`not found: ${path} is not part of the ${options.name}'s build\n`);
    return;
  }
  // A site that draws its page may serve the built one when it cannot draw: no ETag for it either,
  // or a browser holding it would keep getting 304 for it once the page can be drawn again.
  const drawn = options.page !== undefined && entry === site.get('/index.html');
  const headers: OutgoingHttpHeaders = {
    ...siteHeaders(req, options, 'Accept-Encoding'),
    'Content-Type': entry.type,
    'Cache-Control': entry.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(!drawn && { ETag: entry.etag }),
    ...(entry.cors && {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    }),
  };
  if (!drawn && req.headers['if-none-match'] === entry.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const encoding = pickEncoding(req, entry);
  const body = encoding?.body ?? entry.body;
  res.writeHead(200, {
    ...headers,
    ...(encoding && { 'Content-Encoding': encoding.name }),
    'Content-Length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Starts the site on `host:port` (0 picks a free port) and resolves when it listens. */
export async function startStaticSite(options: StaticSiteOptions): Promise<RunningSite> {
  const site = loadSite(options);
  const { proxy } = options;
  const server: Server = createServer((req, res) => {
    try {
      const url = req.url ?? '/';
      const host = hostNameOf(req.headers.host);
      if (options.allowedHosts && !(host && options.allowedHosts.includes(host))) {
        return sendJson(res, 403, {
          error: 'FORBIDDEN_HOST',
          message: `Host ${JSON.stringify(req.headers.host ?? '')} is not one of the sandbox's names (${options.allowedHosts.join(', ')}); open the ${options.name} at 127.0.0.1, or add the name to SANDBOX_ALLOWED_HOSTS`,
        });
      }
      if (
        proxy &&
        (url === proxy.prefix ||
          url.startsWith(`${proxy.prefix}/`) ||
          url.startsWith(`${proxy.prefix}?`))
      ) {
        const go = () => forward(req, res, proxy, options.name);
        return proxy.guard ? proxy.guard(req, res, go) : go();
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendJson(res, 405, {
          error: 'METHOD_NOT_ALLOWED',
          message: `the ${options.name} serves files: use GET, not ${req.method}`,
        });
      }
      serveFile(req, res, site, options).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        sendJson(res, 400, {
          error: 'BAD_REQUEST',
          message: `the ${options.name} cannot serve ${req.url}: ${(error as Error).message}`,
        });
      });
    } catch (error) {
      sendJson(res, 400, {
        error: 'BAD_REQUEST',
        message: `the ${options.name} cannot serve ${req.url}: ${(error as Error).message}`,
      });
    }
  });
  server.on('connection', (socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
