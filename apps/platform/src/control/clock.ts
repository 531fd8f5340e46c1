import { Router } from 'express';
import { CONTROL_PATHS, formatGatewayTime, parseDuration, parseGatewayTime, type ClockResponse } from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import type { Platform } from '../platform.js';
import { namespaceParam } from './namespaceParam.js';

/**
 * The sandbox clock: read it, move it forward (or back), or set it. Every expiry follows it.
 * With a namespace, these act on that namespace's clock only.
 */
export function clockRouter(platform: Platform): Router {
  const router = Router();
  const answer = (namespace?: string): ClockResponse => ({
    now: formatGatewayTime(platform.clock.now(namespace)),
    offsetMs: platform.clock.offsetOf(namespace),
  });

  router.get(CONTROL_PATHS.clock, (req, res) => void res.json(answer(namespaceParam(req))));

  router.post(CONTROL_PATHS.clockAdvance, (req, res) => {
    const by = parseDuration((req.body as Record<string, unknown> | undefined)?.['by']);
    if (by === undefined) throw new ControlApiError(400, 'INVALID_DURATION', 'by must be a duration such as "90s", "2h", "31d", "1h30m", or milliseconds');
    platform.clock.advance(by, namespaceParam(req));
    res.json(answer(namespaceParam(req)));
  });

  router.post(CONTROL_PATHS.clock, (req, res) => {
    const now = (req.body as Record<string, unknown> | undefined)?.['now'];
    const at = typeof now === 'string' ? parseGatewayTime(now) : undefined;
    if (at === undefined) throw new ControlApiError(400, 'INVALID_TIME', 'now must be an ISO 8601 time with an offset, e.g. 2030-01-01T00:00:00+00:00');
    platform.clock.set(at, namespaceParam(req));
    res.json(answer(namespaceParam(req)));
  });

  return router;
}
