/**
 * The wallet's home drawn by the launcher's static server (scripts/lib/staticServer.ts `page`):
 * for each request of the page, the three answers the home is drawn from (the apps, the personas,
 * the wallet profiles) are asked of the platform the `/platform` proxy targets, with the headers
 * the proxy would add, and the shell's server build (`src/ssr/renderHome.tsx`, built into
 * dist-server) draws the page from them. Anything short of that (the platform down or slower than
 * `timeoutMs`, an answer that is not 200, a page only the browser can draw, no server build) serves
 * the plain page the browser draws itself, as before: never an error, never a wait past the budget.
 * Node only.
 */
import { existsSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTROL_PATHS } from '@mp-sandbox/protocol';

/** What the server build exports (src/ssr/renderHome.tsx); typed here, since it is loaded by path. */
interface HomeRenderer {
  drawsHome(href: string): boolean;
  renderHomePage(
    template: string,
    request: { href: string; acceptLanguage?: string; cookie?: string },
    data: { apps: unknown; personas: unknown; wallets: unknown },
  ): Promise<string | undefined>;
}

export interface HomePageOptions {
  /** The shell's server build folder (dist-server), holding renderHome.js. */
  serverBuild: string;
  /** Where `/platform` goes, and the headers it adds (createShellProxy). */
  proxy: { target: string; forwardedHeaders(): Record<string, string> };
  /** How long the platform's answers may take before the plain page is served instead. */
  timeoutMs?: number;
  /** Told once when drawing fails for a reason other than the platform (a bug, not a slow platform). */
  warn?(message: string): void;
}

/** The default budget: a platform on the same machine answers these in a few ms. */
export const HOME_RENDER_TIMEOUT_MS = 150;

export type HomePage = (req: IncomingMessage, template: string) => Promise<string | undefined>;

/**
 * Loads the server build and returns the page function, or undefined when there is no server
 * build (a shell built before it existed): the launcher then serves the plain page.
 */
export async function createHomePage(options: HomePageOptions): Promise<HomePage | undefined> {
  const file = join(options.serverBuild, 'renderHome.js');
  if (!existsSync(file)) return undefined;
  const renderer = (await import(pathToFileURL(file).href)) as HomeRenderer;
  const target = new URL(options.proxy.target);
  const https = target.protocol === 'https:';
  const agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const timeoutMs = options.timeoutMs ?? HOME_RENDER_TIMEOUT_MS;
  let warned = false;

  /** One GET through the proxy's eyes; rejects on anything but a 200 with JSON. */
  const get = (path: string, signal: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      const call = (https ? httpsRequest : httpRequest)(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          path: `${target.pathname.replace(/\/$/, '')}${path}`,
          headers: { accept: 'application/json', ...options.proxy.forwardedHeaders() },
          agent,
          signal,
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('error', reject);
          answer.on('end', () => {
            if (answer.statusCode !== 200)
              return reject(new Error(`${path} answered ${answer.statusCode}`));
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch (error) {
              reject(error as Error);
            }
          });
        },
      );
      call.on('error', reject);
      call.end();
    });

  // The first render in a process pays for loading Intl and compiling the components (≈ 100 ms):
  // paid now, in the background, rather than by the first visitor.
  void renderer
    .renderHomePage(
      '<html><head><title></title></head><div id="root"></div><script>window["__mpSandboxFirstCalls"]={}</script>',
      { href: 'http://127.0.0.1/' },
      {
        apps: { apps: [] },
        personas: {
          personas: [{ id: 'warm-up', firstName: 'W', lastName: 'U', status: 'ACTIVE' }],
        },
        wallets: {},
      },
    )
    .catch(() => {});

  return async (req, template) => {
    const href = `http://${req.headers.host ?? target.host}${req.url ?? '/'}`;
    if (!renderer.drawsHome(href)) return undefined;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('the platform was too slow')), timeoutMs);
    let data: { apps: unknown; personas: unknown; wallets: unknown };
    try {
      const [apps, personas, wallets] = await Promise.all([
        get(CONTROL_PATHS.apps, abort.signal),
        get(CONTROL_PATHS.personas, abort.signal),
        get(CONTROL_PATHS.wallets, abort.signal),
      ]);
      data = { apps, personas, wallets };
    } catch {
      // Down, slow or refusing: the browser draws the page and reports the platform's reason.
      abort.abort();
      return undefined;
    } finally {
      clearTimeout(timer);
    }
    try {
      return await renderer.renderHomePage(
        template,
        {
          href,
          acceptLanguage: header(req, 'accept-language'),
          cookie: header(req, 'cookie'),
        },
        data,
      );
    } catch (error) {
      if (!warned) {
        warned = true;
        options.warn?.(
          `wallet shell: the home could not be drawn on the server (${(error as Error).message}); the browser draws it`,
        );
      }
      return undefined;
    }
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
