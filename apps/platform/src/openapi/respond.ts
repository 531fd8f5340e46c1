import type { Request, Response } from 'express';
import { signContent } from '@mp-sandbox/openapi-client';
import {
  formatGatewayTime,
  formatSignatureHeader,
  openApiNameOf,
  RESULT_CODES,
  resultCodeInfo,
  signedContent,
  wireResultCode,
  wireResultStatus,
  type OpenApiCallEventData,
  type OpenApiCallRequestHeaders,
  type OpenApiCallResponseHeaders,
  type ResultCode,
  type RuleWarningEventData,
} from '../deps.js';
import type { Platform } from '../platform.js';
import { gateway, requestTarget, type GatewayLocals } from './context.js';

/** resultMessage is at most 256 characters on the wire. */
function clip(message: string): string {
  return message.length <= 256 ? message : `${message.slice(0, 253)}...`;
}

/** The timeline keeps request bodies up to this many characters: enough for any real call, bounded for floods. */
const KEPT_BODY_CHARS = 8 * 1024;

/**
 * Sends a gateway answer: HTTP 200 with the outcome in `result`, signed with the platform key over
 * `POST <path>\n<Client-Id>.<Response-Time>.<body>`, as the real gateway signs its responses.
 * Every answer passes here, so this is also where the timeline records the call.
 */
export async function sendResult(
  platform: Platform,
  req: Request,
  res: Response,
  code: ResultCode,
  fields: Record<string, unknown> = {},
  message?: string,
): Promise<void> {
  const locals = gateway(res);
  const answer = {
    result: {
      resultCode: wireResultCode(code, locals.version ?? 'v2'),
      resultStatus: wireResultStatus(code, locals.version ?? 'v2'),
      resultMessage: clip(message ?? RESULT_CODES[code].message),
    },
    ...fields,
  };
  const body = JSON.stringify(answer);
  const clientId = locals.clientIdHeader ?? req.get('client-id') ?? '';
  const responseTime = formatGatewayTime(await platform.clock.now());
  const content = signedContent(
    req.method,
    locals.signedPath ?? requestTarget(req),
    clientId,
    responseTime,
    body,
  );
  const signature = formatSignatureHeader(signContent(platform.keys.signingKey, content), 1);
  // Recorded before the answer leaves: whoever reads the timeline after the response sees the call.
  await recordCall(platform, req, locals, code, answer, {
    'client-id': clientId,
    'response-time': responseTime,
    signature,
  });
  res.status(200);
  // Lower-case names on the wire: Node sends a name as it was set, and the official Python and PHP
  // SDKs look these up by exact lower-case name (PHP silently skips verification when it misses).
  res.set({
    'Content-Type': 'application/json; charset=UTF-8',
    'client-id': clientId,
    'response-time': responseTime,
    signature,
  });
  if (locals.signatureWarning) res.set('x-sandbox-warning', locals.signatureWarning);
  res.send(body);
}

/** The login a call belongs to, when the code or token it carried told us (see correlate.ts). */
function linkOf(locals: GatewayLocals) {
  return {
    ...(locals.correlationId && { correlationId: locals.correlationId }),
    ...(locals.appId && { appId: locals.appId }),
    ...(locals.userId && { userId: locals.userId }),
  };
}

/** Emits `openapi.call` (both sides of the call) and, when the merchant broke a code rule, `rule.warning`. */
async function recordCall(
  platform: Platform,
  req: Request,
  locals: GatewayLocals,
  code: ResultCode,
  answer: {
    result: {
      resultCode: string;
      resultStatus: OpenApiCallEventData['resultStatus'];
      resultMessage: string;
    };
  },
  responseHeaders: OpenApiCallResponseHeaders,
): Promise<void> {
  const api = openApiNameOf(req.path) ?? null;
  const path = locals.signedPath ?? requestTarget(req);
  const failed = code !== 'SUCCESS';
  const fix = resultCodeInfo(code).fix;
  const data: OpenApiCallEventData = {
    api,
    version: locals.version ?? 'v2',
    path,
    resultCode: answer.result.resultCode,
    resultStatus: answer.result.resultStatus,
    ...(failed && { message: answer.result.resultMessage }),
    ...(failed && fix && { fix }),
    ...(locals.injectedFault && { injectedFault: locals.injectedFault }),
    request: { method: req.method, path, headers: requestHeadersOf(req), ...requestBodyOf(locals) },
    response: { status: 200, headers: responseHeaders, body: answer },
  };
  await platform.events.emit('openapi.call', {
    ...linkOf(locals),
    data: data as unknown as Record<string, unknown>,
  });

  // An injected fault is the sandbox's doing, not the merchant's: no rule was broken.
  const rule = api === 'applyToken' && !locals.injectedFault ? CODE_RULES[code] : undefined;
  if (rule)
    await platform.events.emit('rule.warning', {
      ...linkOf(locals),
      data: rule as unknown as Record<string, unknown>,
    });
}

/** The seeds' rules on authCodes, as the console says them when applyToken shows one broken. */
const CODE_RULES: Partial<Record<ResultCode, RuleWarningEventData>> = {
  USED_AUTHCODE: {
    rule: 'code-replayed',
    message: 'authCode exchanged twice: codes are single-use',
  },
  EXPIRED_AUTHCODE: {
    rule: 'code-expired',
    message: 'authCode exchanged after it expired: exchange codes at once',
  },
};

function requestHeadersOf(req: Request): OpenApiCallRequestHeaders {
  const headers: OpenApiCallRequestHeaders = {};
  for (const name of ['client-id', 'request-time', 'signature', 'content-type'] as const) {
    const value = req.get(name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** The body as the console shows it: the parsed JSON, else the raw text; never more than 8 KB of it. */
function requestBodyOf(locals: GatewayLocals): { body: unknown; bodyTruncated?: true } {
  // Undefined when the body was refused before it was read (too large).
  const raw = locals.rawBody ?? '';
  if (raw.length > KEPT_BODY_CHARS)
    return { body: raw.slice(0, KEPT_BODY_CHARS), bodyTruncated: true };
  if (locals.body) return { body: locals.body };
  // A call refused before its body was checked may still carry JSON.
  return locals.parsed ? { body: locals.parsed.value } : { body: raw };
}
