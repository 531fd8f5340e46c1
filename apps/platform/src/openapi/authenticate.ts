import { verifyContent } from '@mp-sandbox/openapi-client';
import {
  parseGatewayTime,
  parseSignatureHeader,
  signedContent,
  type MerchantClient,
  type ResultCode,
  type RuleMode,
} from '../deps.js';
import { OpenApiError, paramIllegal } from '../domain/errors.js';
import type { Platform } from '../platform.js';
import { headerOf, requestTarget, type GatewayCall } from './context.js';

/**
 * Checks `Client-Id`, `Request-Time` and `Signature` (header names in any case): the client is
 * registered, the time is near the sandbox clock, and the signature verifies with the client's
 * registered key over the real request path and the raw body. A client in signature mode `warn`
 * is let through with a warning; in mode `off` the signature is not checked.
 */
export async function authenticate(platform: Platform, call: GatewayCall): Promise<void> {
  const locals = call.locals;
  const clientId = headerOf(call, 'client-id');
  if (!clientId)
    throw paramIllegal(
      'header Client-Id',
      'is required: send the client ID the platform assigned to your merchant server',
    );
  locals.clientIdHeader = clientId;
  // The client, the rules of the app the body names (the sandbox's when it names none) and the
  // clock, read together: on a database, one round trip for the four rows.
  const [client, rules, sandboxNow] = await Promise.all([
    platform.registry.client(clientId),
    platform.rulesOf(appIdOf(locals.parsed?.value)),
    platform.clock.now(),
  ]);
  if (!client) {
    throw new OpenApiError(
      'INVALID_AUTH_CLIENT',
      `Client-Id ${clientId} is not registered with this platform; register it in sandbox.config.json.`,
    );
  }
  locals.client = client;
  if (client.signatureMode === 'off') return;

  // The client's own signature mode can only relax the rules.
  const relax = (mode: RuleMode): RuleMode =>
    client.signatureMode === 'warn' && mode === 'refuse' ? 'warn' : mode;
  const modes = { requestTime: relax(rules.requestTime), signature: relax(rules.signature) };
  const requestTime = headerOf(call, 'request-time');
  const problems: Array<{
    rule: 'requestTime' | 'signature';
    code: ResultCode;
    message: string;
  }> = [];
  const timeProblem =
    modes.requestTime === 'off' ? undefined : requestTimeProblem(platform, requestTime, sandboxNow);
  if (timeProblem) problems.push({ rule: 'requestTime', ...timeProblem });
  const signature =
    modes.signature === 'off' || requestTime === undefined
      ? undefined
      : signatureProblem(platform, call, locals.rawBody, client, requestTime);
  if (signature) problems.push({ rule: 'signature', ...signature });
  if (problems.length === 0) return;
  const refused = problems.find((problem) => modes[problem.rule] === 'refuse');
  if (refused) throw new OpenApiError(refused.code, refused.message);
  locals.signatureWarning = problems
    .map((problem) => `${problem.code}: ${problem.message}`)
    .join('; ');
  for (const problem of problems) {
    platform.options.log(`[platform] ${problem.rule} warning for ${clientId}: ${problem.message}`);
    await platform.events.emit('rule.warning', {
      data: {
        rule: problem.rule === 'requestTime' ? 'request-time' : 'signature',
        message: `${problem.code}: ${problem.message} (let through: the rule is set to warn)`,
      },
    });
  }
}

/** The app a gateway body names (v2 appId, v1 referenceClientId), read leniently: the body is checked later. */
function appIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  const appId = fields['appId'] ?? fields['referenceClientId'];
  return typeof appId === 'string' ? appId : undefined;
}

function requestTimeProblem(
  platform: Platform,
  requestTime: string | undefined,
  sandboxNow: number,
): { code: ResultCode; message: string } | undefined {
  if (!requestTime)
    return {
      code: 'PARAM_ILLEGAL',
      message: 'header Request-Time is required, e.g. 2026-01-31T12:00:00+08:00',
    };
  const at = parseGatewayTime(requestTime);
  if (at === undefined) {
    return {
      code: 'PARAM_ILLEGAL',
      message: `header Request-Time "${requestTime}" is not ISO 8601 with an offset (2026-01-31T12:00:00+08:00), epoch milliseconds or epoch nanoseconds`,
    };
  }
  const tolerance = platform.options.requestTimeToleranceMs;
  // A merchant server cannot know that a test moved the sandbox clock, so its wall time counts too.
  const skew = Math.min(Math.abs(at - sandboxNow), Math.abs(at - Date.now()));
  if (skew > tolerance) {
    return {
      code: 'PARAM_ILLEGAL',
      message: `header Request-Time ${requestTime} is ${Math.round(skew / 1000)} s away from the platform clock (tolerance ${tolerance / 1000} s); check the server's clock`,
    };
  }
  return undefined;
}

function signatureProblem(
  platform: Platform,
  call: GatewayCall,
  rawBody: string,
  client: MerchantClient,
  requestTime: string,
): { code: ResultCode; message: string } | undefined {
  const header = headerOf(call, 'signature');
  if (!header)
    return {
      code: 'INVALID_SIGNATURE',
      message:
        'header Signature is required: algorithm=RSA256, keyVersion=1, signature=<urlencoded base64>',
    };
  const parsed = parseSignatureHeader(header);
  if (typeof parsed === 'string') return { code: 'INVALID_SIGNATURE', message: parsed };
  const clientId = client.clientId;
  const registered = platform.registry.publicKey(client, parsed.keyVersion);
  if ('problem' in registered) return { code: 'KEY_NOT_FOUND', message: registered.problem };
  const target = requestTarget(call);
  const content = signedContent(call.method, target, clientId, requestTime, rawBody);
  if (!verifyContent(registered.key, content, parsed.signature)) {
    return {
      code: 'INVALID_SIGNATURE',
      message: `signature does not verify for ${clientId} keyVersion ${parsed.keyVersion}; sign exactly "POST ${target}\\n${clientId}.${requestTime}.<raw body>" with the matching private key`,
    };
  }
  return undefined;
}
