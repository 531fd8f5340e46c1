import { signContent } from '@mp-sandbox/openapi-client';
import {
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
import { gatewayTimeNow } from '../domain/gatewayTime.js';
import type { Platform } from '../platform.js';
import { headerOf, requestTarget, type GatewayCall, type GatewayLocals } from './context.js';

/** resultMessage is at most 256 characters on the wire. */
function clip(message: string): string {
  return message.length <= 256 ? message : `${message.slice(0, 253)}...`;
}

/** The timeline keeps request bodies up to this many characters: enough for any real call, bounded for floods. */
const KEPT_BODY_CHARS = 8 * 1024;

/**
 * What the gateway sends: always HTTP 200, these headers (in this order; lower-case names, see
 * below) and the JSON body, with its length added by whoever sends it.
 */
export interface GatewayAnswer {
  headers: Record<string, string>;
  body: string;
}

/**
 * The JSON type as express's `res.send` puts it on the wire (it rewrites the charset to lower
 * case), so an answer reads the same whichever route sent it.
 */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Makes a gateway answer: the outcome in `result`, signed with the platform key over
 * `POST <path>\n<Client-Id>.<Response-Time>.<body>`, as the real gateway signs its responses.
 * Every answer passes here, so this is also where the timeline records the call.
 */
export async function resultAnswer(
  platform: Platform,
  call: GatewayCall,
  code: ResultCode,
  fields: Record<string, unknown> = {},
  message?: string,
): Promise<GatewayAnswer> {
  const locals = call.locals;
  const answer = {
    result: {
      resultCode: wireResultCode(code, locals.version ?? 'v2'),
      resultStatus: wireResultStatus(code, locals.version ?? 'v2'),
      resultMessage: clip(message ?? RESULT_CODES[code].message),
    },
    ...fields,
  };
  const body = JSON.stringify(answer);
  const clientId = locals.clientIdHeader ?? headerOf(call, 'client-id') ?? '';
  const responseTime = gatewayTimeNow(await platform.clock.now());
  const content = signedContent(
    call.method,
    locals.signedPath ?? requestTarget(call),
    clientId,
    responseTime,
    body,
  );
  const signature = formatSignatureHeader(signContent(platform.keys.signingKey, content), 1);
  // Recorded before the answer leaves: whoever reads the timeline after the response sees the call.
  await recordCall(platform, call, code, answer, {
    'client-id': clientId,
    'response-time': responseTime,
    signature,
  });
  // Lower-case names on the wire: Node sends a name as it was set, and the official Python and PHP
  // SDKs look these up by exact lower-case name (PHP silently skips verification when it misses).
  const headers: Record<string, string> = {
    'Content-Type': JSON_TYPE,
    'client-id': clientId,
    'response-time': responseTime,
    signature,
  };
  if (locals.signatureWarning) headers['x-sandbox-warning'] = locals.signatureWarning;
  return { headers, body };
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
  call: GatewayCall,
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
  const locals = call.locals;
  const api = openApiNameOf(call.path) ?? null;
  const path = locals.signedPath ?? requestTarget(call);
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
    request: {
      method: call.method,
      path,
      headers: requestHeadersOf(call),
      ...requestBodyOf(locals),
    },
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

function requestHeadersOf(call: GatewayCall): OpenApiCallRequestHeaders {
  const headers: OpenApiCallRequestHeaders = {};
  for (const name of ['client-id', 'request-time', 'signature', 'content-type'] as const) {
    const value = headerOf(call, name);
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
