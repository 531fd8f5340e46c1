import type { IncomingHttpHeaders } from 'node:http';
import { canonicalGatewayPath, type ApiVersion, type MerchantClient } from '../deps.js';

/** What the gateway pipeline learns about a request, step by step. */
export interface GatewayLocals {
  version: ApiVersion;
  /** The path and query exactly as requested: what the client signed. */
  signedPath: string;
  /** The raw body text, exactly as sent. */
  rawBody: string;
  /** The raw body parsed once, read by every step that needs it; undefined when it is not JSON. */
  parsed?: { value: unknown };
  clientIdHeader: string;
  client?: MerchantClient;
  body?: Record<string, unknown>;
  correlationId?: string;
  appId?: string;
  userId?: string;
  /** The id of the sandbox fault that answered this call, if one did. */
  injectedFault?: string;
  /** A signature problem tolerated because the client's signature mode is `warn`. */
  signatureWarning?: string;
}

/**
 * One gateway request, as the pipeline sees it: the same whether express's router or the
 * server's direct route (direct.ts) received it.
 */
export interface GatewayCall {
  method: string;
  /** The request target as received (express's `originalUrl`): path and query, maybe absolute. */
  url: string;
  /** The path without the query, as routing reads it (express's `req.path`). */
  path: string;
  headers: IncomingHttpHeaders;
  locals: GatewayLocals;
}

/** A request header (names in lower case), as express's `req.get` reads it. */
export function headerOf(call: GatewayCall, name: string): string | undefined {
  const value = call.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Paths are the same under every wallet's prefix; the version is the first part of the bare path. */
export function apiVersionOf(path: string): ApiVersion {
  return canonicalGatewayPath(path).startsWith('/v1/') ? 'v1' : 'v2';
}

/**
 * The path and query of a request, as the client signed it. A request line may name the target in
 * absolute form (`POST https://host/v2/... HTTP/1.1`, as Alipay's Python SDK sends it); the client
 * still signs only the path and query, so the scheme and authority are dropped here.
 */
export function requestTarget(call: GatewayCall): string {
  const url = call.url;
  if (url.charCodeAt(0) === 47 /* '/' */) return url;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!absolute) return url;
  const rest = url.slice(absolute[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
