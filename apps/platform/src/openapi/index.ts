import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import {
  apiErrorInfo,
  GATEWAY_PREFIXES,
  OPENAPI_PATHS,
  resultCodeInfo,
  WALLET_PROFILES,
  wireResultStatus,
} from '../deps.js';
import { OpenApiError, paramIllegal } from '../domain/errors.js';
import { storageFailure } from '../durableAnswers.js';
import type { Platform } from '../platform.js';
import { applyToken } from './applyToken.js';
import { authenticate } from './authenticate.js';
import { correlate } from './correlate.js';
import { injectFault } from './injectFault.js';
import {
  apiVersionOf,
  headerOf,
  requestTarget,
  type GatewayCall,
  type GatewayLocals,
} from './context.js';
import { resultAnswer, type GatewayAnswer } from './respond.js';
import { inquiryUserInfo, revoke } from './userInfo.js';

const MAX_BODY = '64kb';

type Api = (call: GatewayCall) => Promise<GatewayAnswer>;

/** Keeps the body as the exact text that was signed, then parses it as a JSON object. */
function readBody(call: GatewayCall, body: unknown): void {
  const locals = call.locals;
  locals.version = apiVersionOf(call.path);
  locals.signedPath = requestTarget(call);
  locals.rawBody = Buffer.isBuffer(body) ? body.toString('utf8') : '';
  try {
    locals.parsed = { value: JSON.parse(locals.rawBody) as unknown };
  } catch {
    // Not JSON: parseJson refuses it, once the caller is known (authenticate comes first).
  }
}

function parseJson(call: GatewayCall): void {
  const locals = call.locals;
  if (!locals.parsed)
    throw paramIllegal(
      'body',
      locals.rawBody === '' ? 'is required: send a JSON object' : 'is not valid JSON',
    );
  const body = locals.parsed.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw paramIllegal('body', 'must be a JSON object');
  locals.body = body as Record<string, unknown>;
}

/** Every gateway API runs the same steps before its own; any failure becomes a signed answer. */
async function serve(
  platform: Platform,
  call: GatewayCall,
  body: unknown,
  api: Api,
): Promise<GatewayAnswer> {
  try {
    readBody(call, body);
    await authenticate(platform, call);
    parseJson(call);
    await correlate(platform, call);
    await injectFault(platform, call);
    return await api(call);
  } catch (error) {
    return failureAnswer(platform, call, error);
  }
}

/** A path under a gateway prefix that names no API (or a method other than POST). */
function serveUnknownApi(platform: Platform, call: GatewayCall, body: unknown) {
  readBody(call, body);
  return failureAnswer(
    platform,
    call,
    new OpenApiError(
      'INVALID_API',
      `no such API: gateway APIs are POST /v1/... and /v2/... (also under ${GATEWAY_PREFIXES.join(', ')}); see /sandbox/v1/openapi.json`,
    ),
  );
}

/** Each API's path, under every prefix and alias a wallet documents. */
function apiPaths(platform: Platform): Map<string, Api> {
  const routes: Array<[string, Api]> = [
    [OPENAPI_PATHS.applyTokenV2, applyToken(platform)],
    [OPENAPI_PATHS.applyTokenV1, applyToken(platform)],
    [OPENAPI_PATHS.inquiryUserInfoV2, inquiryUserInfo(platform)],
    [OPENAPI_PATHS.inquiryUserInfoV1, inquiryUserInfo(platform)],
    [OPENAPI_PATHS.revokeV2, revoke(platform)],
    [OPENAPI_PATHS.cancelTokenV1, revoke(platform)],
  ];
  // What each wallet documents (its prefixes: /api/open, /acl/api, /api; its aliases: Claro's
  // /v2/oauths/applyToken …) is served for every app: the path says nothing about the app.
  const served = new Map<string, Api>();
  for (const [path, api] of routes) {
    for (const profile of Object.values(WALLET_PROFILES)) {
      const names = [
        path,
        ...Object.keys(profile.aliases).filter((alias) => profile.aliases[alias] === path),
      ];
      // The first API to claim a path keeps it, as express's first matching route did.
      for (const prefix of profile.prefixes)
        for (const name of names)
          if (!served.has(`${prefix}${name}`)) served.set(`${prefix}${name}`, api);
    }
  }
  return served;
}

/** The call as the pipeline sees it, from express's request (its locals live on the response). */
function expressCall(req: Request, res: Response): GatewayCall {
  return {
    method: req.method,
    url: req.originalUrl,
    path: req.path,
    headers: req.headers,
    locals: res.locals as GatewayLocals,
  };
}

function sendWithExpress(res: Response, answer: GatewayAnswer): void {
  res.status(200).set(answer.headers);
  res.send(answer.body);
}

/**
 * The merchant-facing gateway, at the root and under `/api/open`. Every answer, failures included,
 * is HTTP 200 with `result` and the platform's signature. Plain requests for an API's exact path
 * reach `directGateway` first; this router serves the rest (a query, a trailing slash, an
 * absolute-form target, another method, an unknown API) with the same steps.
 */
export function openApiRouter(platform: Platform): Router {
  // Gateway paths are case-sensitive: /V1/... is no API, not a v2 call.
  const router = Router({ caseSensitive: true });
  const rawBody = express.raw({ type: () => true, limit: MAX_BODY });
  const byPath = new Map<Api, string[]>();
  for (const [path, api] of apiPaths(platform)) byPath.set(api, [...(byPath.get(api) ?? []), path]);
  for (const [api, paths] of byPath) {
    router.post(paths, rawBody, (req, res, next) => {
      serve(platform, expressCall(req, res), req.body, api).then(
        (answer) => sendWithExpress(res, answer),
        next,
      );
    });
  }
  const anyPrefix = GATEWAY_PREFIXES.map((prefix) => prefix.slice(1).replace(/\//g, '\\/')).join(
    '|',
  );
  router.all(new RegExp(`^\\/((${anyPrefix})\\/)?v\\d+\\/`, 'i'), rawBody, (req, res, next) => {
    serveUnknownApi(platform, expressCall(req, res), req.body).then(
      (answer) => sendWithExpress(res, answer),
      next,
    );
  });
  // What express could not read (a body too large, an encoding it does not know).
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    failureAnswer(platform, expressCall(req, res), error).then(
      (answer) => sendWithExpress(res, answer),
      next,
    );
  });
  return router;
}

/**
 * The hot path: a POST whose target is exactly an API's path is served here, before express's
 * generic stack (its router, middleware layers and response helpers), with the same steps, the
 * same body reader and limits, and the same bytes on the wire. Like every answer, it waits until
 * every change committed so far is on disk. Returns false for any other request.
 */
export function directGateway(
  platform: Platform,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const apis = apiPaths(platform);
  const rawBody = express.raw({ type: () => true, limit: MAX_BODY }) as unknown as (
    req: IncomingMessage,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) => void;
  const send = (res: ServerResponse, answer: GatewayAnswer) =>
    platform.store.durable().then(
      () => {
        res.writeHead(200, {
          ...answer.headers,
          'Content-Length': String(Buffer.byteLength(answer.body)),
        });
        res.end(answer.body);
      },
      (error: unknown) => {
        const failure = storageFailure(error);
        res.writeHead(failure.status, failure.headers);
        res.end(failure.body);
      },
    );
  return (req, res) => {
    const url = req.url ?? '';
    const api = req.method === 'POST' ? apis.get(url) : undefined;
    if (!api) return false;
    const call: GatewayCall = {
      method: 'POST',
      url,
      path: url,
      headers: req.headers,
      locals: {} as GatewayLocals,
    };
    const answered = (error?: unknown) =>
      (error === undefined
        ? serve(platform, call, (req as { body?: unknown }).body, api)
        : failureAnswer(platform, call, error)
      ).then((answer) => send(res, answer));
    rawBody(req, res, (error) => {
      answered(error).catch((failure: unknown) => lastResort(platform, call, res, failure));
    });
    return true;
  };
}

/**
 * When even the failure answer failed (the store is down): logged, and answered as the control
 * API's error handler answers what reaches it from the router (INTERNAL, never a stack trace).
 */
function lastResort(
  platform: Platform,
  call: GatewayCall,
  res: ServerResponse,
  error: unknown,
): void {
  platform.options.log(
    `[platform] internal error on ${call.url}: ${(error as Error)?.stack ?? String(error)}`,
  );
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    error: 'INTERNAL',
    message: 'the sandbox hit an internal error; see the platform log',
  });
  res.writeHead(apiErrorInfo('control', 'INTERNAL').status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** The one place gateway errors become answers: a catalogue code, never a stack trace. */
async function failureAnswer(
  platform: Platform,
  call: GatewayCall,
  error: unknown,
): Promise<GatewayAnswer> {
  const locals = call.locals;
  locals.version ??= apiVersionOf(call.path);
  locals.signedPath ??= requestTarget(call);
  let failure: OpenApiError;
  if (error instanceof OpenApiError) failure = error;
  else if ((error as { type?: string }).type === 'entity.too.large')
    failure = paramIllegal('body', `must be at most ${MAX_BODY}`);
  else {
    platform.options.log(
      `[platform] internal error on ${call.url}: ${(error as Error)?.stack ?? String(error)}`,
    );
    failure = new OpenApiError(
      'UNKNOWN_EXCEPTION',
      'the sandbox hit an internal error; retry, and report it if it persists',
    );
  }
  await platform.events.emit('openapi.failed', {
    ...(locals.correlationId && { correlationId: locals.correlationId }),
    ...(locals.appId && { appId: locals.appId }),
    ...(locals.userId && { userId: locals.userId }),
    data: {
      path: locals.signedPath,
      clientId: locals.clientIdHeader ?? headerOf(call, 'client-id') ?? null,
      resultCode: failure.code,
      resultStatus: wireResultStatus(failure.code, locals.version),
      message: failure.message,
      fix: resultCodeInfo(failure.code).fix ?? null,
      ...(locals.injectedFault && { injectedFault: locals.injectedFault }),
    },
  });
  return resultAnswer(platform, call, failure.code, {}, failure.message);
}
