import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import {
  CONTROL_PATHS,
  CONTROL_TOKEN_VARIABLE,
  refuseForeignBrowser,
  SHELL_PROXY_SECRET_HEADER,
  type AccessPolicy,
} from '../deps.js';

export interface AccessOptions extends AccessPolicy {
  /**
   * When set, every control and wallet call needs `Authorization: Bearer <token>`, but health, the
   * platform's public key and the OpenAPI document (public, and merchants read them).
   */
  controlToken?: string;
}

/** Open without the team token: health checks, and what merchants need that is public anyway. */
const PUBLIC_PATHS = new Set<string>([
  CONTROL_PATHS.health,
  CONTROL_PATHS.platformKey,
  CONTROL_PATHS.openApi,
]);

const isAvatar = (method: string, path: string) =>
  (method === 'GET' || method === 'HEAD') && path.startsWith(`${CONTROL_PATHS.avatars}/`);

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function refuse(res: Response, status: number, error: string, message: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, message });
}

/**
 * The lock on `/sandbox` and `/wallet` (the gateway stays open to signed merchant calls): no
 * foreign `Host` (DNS rebinding), no foreign browser origin, no no-cors posts, the team token when
 * one is set, and for the wallet API the shell proxy's secret. No CORS header is ever sent, so no
 * other origin can read an answer.
 */
export function accessGuard(options: AccessOptions, shellSecret: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // Mounted on /sandbox and /wallet: req.path is below the mount point.
    const path = req.baseUrl + req.path;
    // Avatars are public pictures, linked from the user info merchants hand to their pages (a
    // mini program's <img>, maybe on another port of the same host): nothing to lock or leak.
    if (isAvatar(req.method, path)) return next();
    const refusal = refuseForeignBrowser(
      {
        method: req.method,
        host: req.headers.host,
        origin: req.headers.origin,
        secFetchSite: req.get('sec-fetch-site'),
        contentType: req.headers['content-type'],
      },
      options,
    );
    if (refusal) return refuse(res, refusal.status, refusal.error, refusal.message);
    if (options.controlToken && !(PUBLIC_PATHS.has(path) && req.method === 'GET')) {
      const given = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
      if (!given || !same(given, options.controlToken)) {
        res.set('WWW-Authenticate', 'Bearer realm="mp-sandbox"');
        return refuse(
          res,
          401,
          'UNAUTHORIZED',
          `this sandbox is shared: send Authorization: Bearer <${CONTROL_TOKEN_VARIABLE}>${given ? " (the token given is not this sandbox's)" : ''}; the Playwright kit and the shell pass it when ${CONTROL_TOKEN_VARIABLE} is set in their environment`,
        );
      }
    }
    if (path.startsWith('/wallet/')) {
      const proof = req.get(SHELL_PROXY_SECRET_HEADER);
      if (!proof || !same(proof, shellSecret)) {
        return refuse(
          res,
          403,
          'WALLET_SHELL_ONLY',
          'the wallet API answers the wallet shell only (through its /platform proxy); a test decides consent with consent policies (POST /sandbox/v1/consent-policies) or issues a code with POST /sandbox/v1/authcodes',
        );
      }
    }
    next();
  };
}
