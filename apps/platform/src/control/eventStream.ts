import { Router } from 'express';
import { CONTROL_PATHS, type SandboxEvent } from '../deps.js';
import type { Platform } from '../platform.js';
import { namespaceParam } from './namespaceParam.js';

/**
 * The timeline, live, as server-sent events. A client that reconnects with `Last-Event-ID` (or
 * `?since=<seq>`) first gets what it missed.
 */
export function eventStreamRouter(platform: Platform): Router {
  const router = Router();
  router.get(CONTROL_PATHS.eventStream, async (req, res) => {
    const since = Number(req.get('last-event-id') ?? req.query['since'] ?? Number.NaN);
    // no-transform and X-Accel-Buffering: no compression or proxy buffering may hold the stream back.
    res.set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    // A proxy (the shell's /platform, http-proxy) sends the headers on with the first body bytes,
    // not before: without bytes at once, the browser's EventSource stays "connecting" until the
    // first event or keep-alive. So the stream opens with a comment, and `retry` for reconnects.
    res.write(': stream open\nretry: 2000\n\n');
    const namespace = namespaceParam(req);
    const send = (event: SandboxEvent) =>
      (namespace === undefined || event.namespace === namespace) &&
      res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    // Live events are held back while the missed ones are read, so the stream stays in order and
    // nothing falls between the replay and the subscription.
    let held: SandboxEvent[] | undefined = Number.isNaN(since) ? undefined : [];
    const unsubscribe = platform.events.subscribe((event) =>
      held ? held.push(event) : send(event),
    );
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    if (held) {
      const missed = await platform.events.list({ since, ...(namespace && { namespace }) });
      for (const event of missed) send(event);
      const last = missed.at(-1)?.seq ?? since;
      for (const event of held) if (event.seq > last) send(event);
      held = undefined;
    }
  });
  return router;
}
