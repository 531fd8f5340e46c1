import { Router, type Request } from 'express';
import {
  CONTROL_PATHS,
  SHELL_RULES,
  type BridgeCallEventData,
  type JsapiError,
  type ReportedEvent,
  type SandboxEvent,
} from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import type { Platform } from '../platform.js';

const REPORTED_TYPES = ['bridge.call', 'rule.warning'] as const;
const MAX_TEXT = 256;
const MAX_MESSAGE = 1024;

function invalid(message: string): never {
  throw new ControlApiError('INVALID_EVENT', message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(body: Record<string, unknown>, field: string, max = MAX_TEXT): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '' || value.length > max) invalid(`${field} must be a non-empty string of at most ${max} characters`);
  return value;
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
  return body[field] === undefined ? undefined : text(body, field);
}

function jsapiError(value: unknown): JsapiError {
  if (!isObject(value) || typeof value['error'] !== 'number' || typeof value['errorMessage'] !== 'string') {
    invalid('error must be the JSAPI error the mini program got: { error: number, errorMessage: string }');
  }
  return value as unknown as JsapiError;
}

/** Reads a report field by field; every complaint names the field and what it must be. */
function readReport(body: unknown): ReportedEvent {
  if (!isObject(body)) invalid('send a JSON object with Content-Type: application/json');
  const type = body['type'] as (typeof REPORTED_TYPES)[number];
  if (!REPORTED_TYPES.includes(type)) {
    invalid(`type must be one of ${REPORTED_TYPES.join(', ')}: the platform records its own events itself`);
  }
  const appId = text(body, 'appId');
  const userId = text(body, 'userId');
  const correlationId = optionalText(body, 'correlationId');
  const link = { appId, userId, ...(correlationId && { correlationId }) };

  if (type === 'rule.warning') {
    const rule = body['rule'];
    if (!(SHELL_RULES as readonly unknown[]).includes(rule)) invalid(`rule must be one of ${SHELL_RULES.join(', ')}`);
    return { type, rule: rule as (typeof SHELL_RULES)[number], message: text(body, 'message', MAX_MESSAGE), ...link };
  }

  const method = text(body, 'method', 64);
  const params = body['params'] ?? {};
  if (!isObject(params)) invalid('params must be a JSON object (the parameters of the call)');
  const outcome = body['outcome'];
  if (outcome !== 'success' && outcome !== 'fail') invalid('outcome must be "success" or "fail"');
  const durationMs = body['durationMs'];
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs < 0) invalid('durationMs must be a number of milliseconds, 0 or more');
  const answer: Pick<BridgeCallEventData, 'result' | 'error'> =
    outcome === 'success' ? { result: body['result'] ?? null } : { error: jsapiError(body['error']) };
  return { type, method, params, outcome, durationMs, ...answer, ...link };
}

/**
 * The login a getAuthCode answer belongs to: the wallet API does not hand the shell the
 * correlation id, but the code it issued carries it.
 */
async function correlationOf(platform: Platform, report: ReportedEvent): Promise<string | undefined> {
  if (report.correlationId || report.type !== 'bridge.call' || !isObject(report.result)) return report.correlationId;
  const authCode = report.result['authCode'];
  return typeof authCode === 'string' ? (await platform.authorizations.loginOf({ authCode }))?.correlationId : undefined;
}

/**
 * `POST /sandbox/v1/events`: the shell reports what only it sees (the `my.*` calls it answered,
 * the rules it saw broken), so the timeline holds the whole login. Answers 201 with the event.
 */
export function reportedEventsRouter(platform: Platform): Router {
  const router = Router();
  router.post(CONTROL_PATHS.events, async (req: Request, res) => {
    const report = readReport(req.body);
    const correlationId = await correlationOf(platform, report);
    const { type, appId, userId, correlationId: _reported, ...data } = report;
    const event: SandboxEvent = await platform.events.emit(type, { appId, userId, ...(correlationId && { correlationId }), data });
    res.status(201).json(event);
  });
  return router;
}
