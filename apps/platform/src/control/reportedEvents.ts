import { Router, type Request } from 'express';
import {
  checkInput,
  CONTROL_PATHS,
  isRecord,
  problemLine,
  reportedEventSchema,
  type ReportedEvent,
  type SandboxEvent,
} from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import type { Platform } from '../platform.js';

function invalid(message: string): never {
  throw new ControlApiError('INVALID_EVENT', message);
}

/** Reads a report with the protocol's schema; every complaint names the field and what it must be. */
function readReport(body: unknown): ReportedEvent {
  if (!isRecord(body)) invalid('send a JSON object with Content-Type: application/json');
  const checked = checkInput(reportedEventSchema, body, 'param');
  if (!checked.ok) invalid(checked.problems.map((p) => problemLine(p, 'param')).join('; '));
  return checked.value;
}

/**
 * The login a getAuthCode answer belongs to: the wallet API does not hand the shell the
 * correlation id, but the code it issued carries it.
 */
async function correlationOf(
  platform: Platform,
  report: ReportedEvent,
): Promise<string | undefined> {
  if (report.correlationId || report.type !== 'bridge.call' || !isRecord(report.result))
    return report.correlationId;
  const authCode = report.result['authCode'];
  return typeof authCode === 'string'
    ? (await platform.authorizations.loginOf({ authCode }))?.correlationId
    : undefined;
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
    const event: SandboxEvent = await platform.events.emit(type, {
      appId,
      userId,
      ...(correlationId && { correlationId }),
      data,
    });
    res.status(201).json(event);
  });
  return router;
}
