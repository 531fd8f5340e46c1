import express, { Router, type NextFunction, type Request, type Response } from 'express';
import {
  GATEWAY_PREFIXES,
  OPENAPI_PATHS,
  resultCodeInfo,
  WALLET_PROFILES,
  wireResultStatus,
} from '../deps.js';
import { OpenApiError, paramIllegal } from '../domain/errors.js';
import type { Platform } from '../platform.js';
import { applyToken } from './applyToken.js';
import { authenticate } from './authenticate.js';
import { correlate } from './correlate.js';
import { injectFault } from './injectFault.js';
import { apiVersionOf, gateway, requestTarget } from './context.js';
import { sendResult } from './respond.js';
import { inquiryUserInfo, revoke } from './userInfo.js';

const MAX_BODY = '64kb';

/** Keeps the body as the exact text that was signed, then parses it as a JSON object. */
function readBody(req: Request, res: Response, next: NextFunction): void {
  const locals = gateway(res);
  locals.version = apiVersionOf(req.path);
  locals.signedPath = requestTarget(req);
  locals.rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  try {
    locals.parsed = { value: JSON.parse(locals.rawBody) as unknown };
  } catch {
    // Not JSON: parseJson refuses it, once the caller is known (authenticate comes first).
  }
  next();
}

function parseJson(req: Request, res: Response, next: NextFunction): void {
  const locals = gateway(res);
  if (!locals.parsed)
    throw paramIllegal(
      'body',
      locals.rawBody === '' ? 'is required: send a JSON object' : 'is not valid JSON',
    );
  const body = locals.parsed.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw paramIllegal('body', 'must be a JSON object');
  locals.body = body as Record<string, unknown>;
  next();
}

/**
 * The merchant-facing gateway, at the root and under `/api/open`. Every answer, failures included,
 * is HTTP 200 with `result` and the platform's signature.
 */
export function openApiRouter(platform: Platform): Router {
  // Gateway paths are case-sensitive: /V1/... is no API, not a v2 call.
  const router = Router({ caseSensitive: true });
  const steps = [
    express.raw({ type: () => true, limit: MAX_BODY }),
    readBody,
    authenticate(platform),
    parseJson,
    correlate(platform),
    injectFault(platform),
  ];
  const routes: Array<[string, (req: Request, res: Response) => Promise<void>]> = [
    [OPENAPI_PATHS.applyTokenV2, applyToken(platform)],
    [OPENAPI_PATHS.applyTokenV1, applyToken(platform)],
    [OPENAPI_PATHS.inquiryUserInfoV2, inquiryUserInfo(platform)],
    [OPENAPI_PATHS.inquiryUserInfoV1, inquiryUserInfo(platform)],
    [OPENAPI_PATHS.revokeV2, revoke(platform)],
    [OPENAPI_PATHS.cancelTokenV1, revoke(platform)],
  ];
  // What each wallet documents (its prefixes: /api/open, /acl/api, /api; its aliases: Claro's
  // /v2/oauths/applyToken …) is served for every app: the path says nothing about the app.
  for (const [path, handler] of routes) {
    const served = new Set(
      Object.values(WALLET_PROFILES).flatMap((profile) => {
        const names = [
          path,
          ...Object.keys(profile.aliases).filter((alias) => profile.aliases[alias] === path),
        ];
        return profile.prefixes.flatMap((prefix) => names.map((name) => `${prefix}${name}`));
      }),
    );
    router.post([...served], ...steps, handler);
  }
  const anyPrefix = GATEWAY_PREFIXES.map((prefix) => prefix.slice(1).replace(/\//g, '\\/')).join(
    '|',
  );
  router.all(
    new RegExp(`^\\/((${anyPrefix})\\/)?v\\d+\\/`, 'i'),
    express.raw({ type: () => true, limit: MAX_BODY }),
    readBody,
    () => {
      throw new OpenApiError(
        'INVALID_API',
        `no such API: gateway APIs are POST /v1/... and /v2/... (also under ${GATEWAY_PREFIXES.join(', ')}); see /sandbox/v1/openapi.json`,
      );
    },
  );
  router.use(openApiErrorHandler(platform));
  return router;
}

/** The one place gateway errors become answers: a catalogue code, never a stack trace. */
function openApiErrorHandler(platform: Platform) {
  return async (
    error: unknown,
    req: Request,
    res: Response,
    _next: NextFunction,
  ): Promise<void> => {
    const locals = gateway(res);
    locals.version ??= apiVersionOf(req.path);
    locals.signedPath ??= requestTarget(req);
    let failure: OpenApiError;
    if (error instanceof OpenApiError) failure = error;
    else if ((error as { type?: string }).type === 'entity.too.large')
      failure = paramIllegal('body', `must be at most ${MAX_BODY}`);
    else {
      platform.options.log(
        `[platform] internal error on ${req.originalUrl}: ${(error as Error)?.stack ?? String(error)}`,
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
        clientId: locals.clientIdHeader ?? req.get('client-id') ?? null,
        resultCode: failure.code,
        resultStatus: wireResultStatus(failure.code, locals.version),
        message: failure.message,
        fix: resultCodeInfo(failure.code).fix ?? null,
        ...(locals.injectedFault && { injectedFault: locals.injectedFault }),
      },
    });
    await sendResult(platform, req, res, failure.code, {}, failure.message);
  };
}
