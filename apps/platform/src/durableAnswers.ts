import type { NextFunction, Request, Response } from 'express';
import type { Store, Tables } from './domain/store.js';

/**
 * No answer leaves before every change committed so far is on disk: a client that was told S
 * keeps what it was given even if the process is killed the next moment. Requests that arrive
 * together share one sync (group commit), so this costs one sync per batch, not per request.
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
          res.status(503).type('application/json');
          send(
            JSON.stringify({
              error: 'STORAGE_FAILED',
              message: `the change could not be written to disk (${(error as Error).message}); retry`,
            }),
          );
        },
      );
      return res;
    }) as Response['send'];
    next();
  };
}
