import type { Request, Response } from 'express';
import { signContent } from '@mp-sandbox/openapi-client';
import { formatGatewayTime, formatSignatureHeader, RESULT_CODES, signedContent, wireResultCode, type ResultCode } from '../deps.js';
import type { Platform } from '../platform.js';
import { gateway } from './context.js';

/** resultMessage is at most 256 characters on the wire. */
function clip(message: string): string {
  return message.length <= 256 ? message : `${message.slice(0, 253)}...`;
}

/**
 * Sends a gateway answer: HTTP 200 with the outcome in `result`, signed with the platform key over
 * `POST <path>\n<Client-Id>.<Response-Time>.<body>`, as the real gateway signs its responses.
 */
export function sendResult(
  platform: Platform,
  req: Request,
  res: Response,
  code: ResultCode,
  fields: Record<string, unknown> = {},
  message?: string,
): void {
  const locals = gateway(res);
  const body = JSON.stringify({
    result: {
      resultCode: wireResultCode(code, locals.version ?? 'v2'),
      resultStatus: RESULT_CODES[code].status,
      resultMessage: clip(message ?? RESULT_CODES[code].message),
    },
    ...fields,
  });
  const clientId = locals.clientIdHeader ?? req.get('client-id') ?? '';
  const responseTime = formatGatewayTime(platform.clock.now());
  const content = signedContent(req.method, locals.signedPath ?? req.originalUrl, clientId, responseTime, body);
  res.status(200);
  res.set({
    'Content-Type': 'application/json; charset=UTF-8',
    'Client-Id': clientId,
    'Response-Time': responseTime,
    Signature: formatSignatureHeader(signContent(platform.keys.signingKey, content), 1),
  });
  if (locals.signatureWarning) res.set('X-Sandbox-Warning', locals.signatureWarning);
  res.send(body);
}
