import { Router } from 'express';
import {
  CONTROL_PATHS,
  formatGatewayTime,
  parseDuration,
  parseGatewayTime,
  type ClockResponse,
} from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import type { Platform } from '../platform.js';
import { namespaceParam } from './namespaceParam.js';

/**
 * The sandbox clock: read it, move it forward (or back), or set it. Every expiry follows it.
 * With a namespace, these act on that namespace's clock only.
 */
export function clockRouter(platform: Platform): Router {
  const router = Router();
  const answer = async (namespace?: string): Promise<ClockResponse> => {
    const offsetMs = await platform.clock.offsetOf(namespace);
    return { now: formatGatewayTime(Date.now() + offsetMs), offsetMs };
  };

  router.get(
    CONTROL_PATHS.clock,
    async (req, res) => void res.json(await answer(namespaceParam(req))),
  );

  router.post(CONTROL_PATHS.clockAdvance, async (req, res) => {
    const by = parseDuration((req.body as Record<string, unknown> | undefined)?.['by']);
    if (by === undefined)
      throw new ControlApiError(
        'INVALID_DURATION',
        'by must be a duration such as "90s", "2h", "31d", "1h30m", or milliseconds',
      );
    await platform.clock.advance(by, namespaceParam(req));
    res.json(await answer(namespaceParam(req)));
  });

  router.post(CONTROL_PATHS.clock, async (req, res) => {
    const now = (req.body as Record<string, unknown> | undefined)?.['now'];
    const at = typeof now === 'string' ? parseGatewayTime(now) : undefined;
    if (at === undefined)
      throw new ControlApiError(
        'INVALID_TIME',
        'now must be an ISO 8601 time with an offset, e.g. 2030-01-01T00:00:00+00:00',
      );
    await platform.clock.set(at, namespaceParam(req));
    res.json(await answer(namespaceParam(req)));
  });

  return router;
}
