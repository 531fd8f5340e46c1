import type { NextFunction, Request, Response } from 'express';
import type { Store, Tables } from './domain/store.js';

/** The answer when a change could not be made durable: 503, so the client knows to retry. */
export function storageFailure(error: unknown): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const body = JSON.stringify({
    error: 'STORAGE_FAILED',
    message: `the change could not be written to disk (${(error as Error).message}); retry`,
  });
  return {
    status: 503,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    },
    body,
  };
}

/**
 * No answer leaves before every change committed so far is on disk: a client that was told S
 * keeps what it was given even if the process is killed the next moment. Requests that arrive
 * together share one sync (group commit), so this costs one sync per batch, not per request.
 * (The gateway's direct route, openapi/index.ts, waits the same way before it writes.)
 */
export function answerWhenDurable<D extends Tables>(store: Pick<Store<D>, 'durable'>) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const send = res.send.bind(res);
    let waited = false;
    res.send = ((body?: unknown) => {
      // res.json calls res.send again with the serialised body; only the first call waits.
      if (waited) return send(body);
      waited = true;
      store.durable().then(
        () => send(body),
        (error: unknown) => {
          const failure = storageFailure(error);
          res.status(failure.status).type('application/json');
          send(failure.body);
        },
      );
      return res;
    }) as Response['send'];
    next();
  };
}
