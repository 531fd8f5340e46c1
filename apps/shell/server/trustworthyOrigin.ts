/**
 * Whether the page a request asks for has an origin browsers call potentially trustworthy (W3C
 * Secure Contexts, "Is origin potentially trustworthy?"): https, or http on a loopback name.
 * Browsers honour `Cross-Origin-Opener-Policy` only on such pages; on any other (a team's plain-http
 * host name) Chromium ignores it and logs a console error on every load. Node only.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { hostNameOf } from '@mp-sandbox/protocol';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `localhost`, `*.localhost`, 127.0.0.0/8 or ::1, from a `Host` header (port and brackets allowed). */
export function isLoopbackName(host: string | undefined): boolean {
  const name = hostNameOf(host);
  if (!name) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const family = isIP(name);
  return family !== 0 && LOOPBACK.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The origin the browser sees for this request: https when the connection is TLS, or when a proxy
 * in front says so in `X-Forwarded-Proto` (a TLS-terminating balancer). The header is believed
 * without trusting whoever sent it, because it can only make the answer stricter: a forged
 * `https` gets the header a trustworthy page gets, never less.
 */
export function requestIsPotentiallyTrustworthy(req: IncomingMessage): boolean {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const forwarded = req.headers['x-forwarded-proto'];
  const forwardedProto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)
    ?.split(',')[0]
    ?.trim()
    .toLowerCase();
  return encrypted || forwardedProto === 'https' || isLoopbackName(req.headers.host);
}
