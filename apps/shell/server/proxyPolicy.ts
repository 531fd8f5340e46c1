/**
 * The wallet shell's server-side policy, in one place for every server that serves the shell (the
 * Vite dev server in `vite.config.ts`, and the production static server): what `/platform`
 * forwards to the platform and with which headers, which requests it refuses, the framing headers,
 * and the files no server may serve. Node only; the browser code never imports it.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  accessPolicyFromEnv,
  refuseForeignBrowser,
  sandboxAddresses,
  SHELL_PROXY_PREFIX,
  SHELL_PROXY_SECRET_FILE,
  SHELL_PROXY_SECRET_HEADER,
  SHELL_PROXY_STRIPPED_HEADERS,
  shellProxyForwards,
  dataFolderDeny,
  type AccessPolicy,
} from '@mp-sandbox/protocol';
import { requestIsPotentiallyTrustworthy } from './trustworthyOrigin.js';

type Env = Record<string, string | undefined>;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `SANDBOX_DATA_DIR`, or `.sandbox-data` in the repository, as the platform reads it. */
export function dataDirOf(env: Env): string {
  return resolve(env['SANDBOX_DATA_DIR'] || join(REPO_ROOT, '.sandbox-data'));
}

export interface ShellProxy {
  /** Where `/platform` goes: `SHELL_PLATFORM_URL`, or the platform on this machine. */
  target: string;
  prefix: string;
  policy: AccessPolicy;
  /**
   * Connect-style middleware for requests under `/platform`: refuses foreign hosts and origins and
   * any call the wallet does not make (JSON `{ error, message }`), and passes the rest on.
   */
  guard(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  /** The headers to set on a forwarded request (the proxy secret, the team token); call per request. */
  forwardedHeaders(): Record<string, string>;
  /** Request headers to remove before forwarding: the browser's own credentials and proxy headers. */
  strippedHeaders: readonly string[];
}

/**
 * The shell's `/platform` proxy. The secret is read from the data folder on each request until it
 * exists (the platform creates it at start, maybe after the shell).
 */
export function createShellProxy(
  env: Env = process.env,
  options: { dataDir?: string } = {},
): ShellProxy {
  const { localUrls } = sandboxAddresses(env);
  const policy = accessPolicyFromEnv(env);
  const secretFile = join(options.dataDir ?? dataDirOf(env), 'keys', SHELL_PROXY_SECRET_FILE);
  let secret: string | undefined;
  const readSecret = () => {
    if (secret) return secret;
    try {
      secret = readFileSync(secretFile, 'utf8').trim() || undefined;
    } catch {
      // Not there yet: the platform has not started on this data folder.
    }
    return secret;
  };
  const token = env['SANDBOX_CONTROL_TOKEN'];

  return {
    target: env['SHELL_PLATFORM_URL'] || localUrls.platform,
    prefix: SHELL_PROXY_PREFIX,
    policy,
    strippedHeaders: SHELL_PROXY_STRIPPED_HEADERS,
    guard(req, res, next) {
      const url = req.url ?? '/';
      if (url !== SHELL_PROXY_PREFIX && !url.startsWith(`${SHELL_PROXY_PREFIX}/`)) return next();
      const path = url.slice(SHELL_PROXY_PREFIX.length) || '/';
      const refusal =
        refuseForeignBrowser(
          {
            method: req.method ?? 'GET',
            host: req.headers.host,
            origin: req.headers.origin,
            secFetchSite: header(req, 'sec-fetch-site'),
            contentType: req.headers['content-type'],
          },
          policy,
        ) ??
        (shellProxyForwards(req.method ?? 'GET', path)
          ? undefined
          : {
              status: 403 as const,
              error: 'NOT_FORWARDED',
              message: `the wallet shell's ${SHELL_PROXY_PREFIX} proxy forwards only the calls the wallet and its console make; call ${req.method} ${path.split('?')[0]} on the platform itself (tests and tools: the Playwright kit or fetch from Node)`,
            });
      if (!refusal) return next();
      res.writeHead(refusal.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(JSON.stringify({ error: refusal.error, message: refusal.message }));
    },
    forwardedHeaders() {
      const current = readSecret();
      return {
        ...(current && { [SHELL_PROXY_SECRET_HEADER]: current }),
        ...(token && { authorization: `Bearer ${token}` }),
      };
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Headers every answer of the shell carries: only the wallet itself (and the hosts in
 * `SANDBOX_FRAME_ANCESTORS`, space-separated origins) may frame it, and a page that opened it keeps
 * no handle on it (so it cannot reach into the mini program's frame). That last one,
 * `Cross-Origin-Opener-Policy`, goes only where browsers honour it (https, loopback names: see
 * trustworthyOrigin.ts), and only to a load another page could have started (see
 * `mayHaveOpener`). So the headers are per request, and `Vary` names what they are decided from.
 */
export function shellSecurityHeaders(
  env: Env = process.env,
): (req: IncomingMessage) => OutgoingHttpHeaders {
  const extra = (env['SANDBOX_FRAME_ANCESTORS'] ?? '').split(/[\s,]+/).filter(Boolean);
  const framing: OutgoingHttpHeaders = {
    'Content-Security-Policy': `frame-ancestors 'self'${extra.map((origin) => ` ${origin}`).join('')}`,
    // Older browsers read only this one; with extra hosts, frame-ancestors (which wins) lists them.
    ...(extra.length === 0 && { 'X-Frame-Options': 'SAMEORIGIN' }),
  };
  const withoutOpenerPolicy: OutgoingHttpHeaders = {
    ...framing,
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Host, X-Forwarded-Proto, Sec-Fetch-Site',
  };
  const withOpenerPolicy: OutgoingHttpHeaders = {
    ...withoutOpenerPolicy,
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  return (req) =>
    requestIsPotentiallyTrustworthy(req) && mayHaveOpener(req)
      ? withOpenerPolicy
      : withoutOpenerPolicy;
}

/**
 * Whether the page this request loads may have been opened by another page. Only then does COOP
 * protect anything (the wallet opens no windows: its mini programs' frames may not), and it has a
 * price: a page with COOP cannot stay in the browsing context group of a fresh tab's about:blank,
 * so Chromium makes a second renderer for it, 100-300 ms of the wallet's first render
 * (bench/README.md). `Sec-Fetch-Site: none` is a load the person started (address bar, bookmark,
 * a test's `goto`); every load a page starts says otherwise (`same-site` from any other port of
 * 127.0.0.1), and so does a browser that sends no such header. What that leaves: a window another
 * page opened, into which the person types the wallet's address. Chromium cuts that opener when
 * the page is of another site (e2e/tests/security.spec.ts), not when it is another port of
 * 127.0.0.1; such a handle still gets no message through, since the shell and `my` take messages
 * only from their own frames.
 */
function mayHaveOpener(req: IncomingMessage): boolean {
  return header(req, 'sec-fetch-site') !== 'none';
}

/** Globs for Vite's `server.fs.deny`: the data folder wherever it is (see `dataFolderDeny`). */
export function shellFsDeny(env: Env = process.env): string[] {
  return dataFolderDeny(dataDirOf(env));
}
