import type { NextFunction, Request, Response } from 'express';
import { apiErrorInfo, WALLET_PATHS, type ApiErrorCode } from '../deps.js';
import { ControlApiError } from '../domain/errors.js';

const WALLET_PREFIX = WALLET_PATHS.session.slice(0, WALLET_PATHS.session.lastIndexOf('/') + 1);

/** Sends `{ error, message }` with the status the catalogue of the API that answers gives the code. */
export function sendApiError(
  req: Request,
  res: Response,
  code: ApiErrorCode,
  message: string,
): void {
  const api = req.originalUrl.startsWith(WALLET_PREFIX) ? 'wallet' : 'control';
  res.status(apiErrorInfo(api, code).status).json({ error: code, message });
}

/**
 * Control and wallet API errors: a domain error gets its code's status from the protocol's
 * catalogue; a body express could not read is INVALID_REQUEST (BODY_TOO_LARGE); anything else is logged and
 * answered INTERNAL (never a stack trace).
 */
export function controlErrorHandler(log: (line: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof ControlApiError) return sendApiError(req, res, error.error, error.message);
    const status = (error as { status?: number }).status;
    if ((error as { type?: string }).type === 'entity.too.large')
      return sendApiError(req, res, 'BODY_TOO_LARGE', (error as Error).message);
    if (typeof status === 'number' && status >= 400 && status < 500)
      return sendApiError(req, res, 'INVALID_REQUEST', (error as Error).message);
    log(
      `[platform] internal error on ${req.originalUrl}: ${(error as Error)?.stack ?? String(error)}`,
    );
    sendApiError(req, res, 'INTERNAL', 'the sandbox hit an internal error; see the platform log');
  };
}
