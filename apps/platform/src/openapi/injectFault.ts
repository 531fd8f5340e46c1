import type { NextFunction, Request, Response } from 'express';
import { openApiNameOf, resultCodeInfo } from '../deps.js';
import { OpenApiError } from '../domain/errors.js';
import type { Platform } from '../platform.js';
import { gateway } from './context.js';

/** Answers with an armed fault's result code (after its latency) instead of serving the call. */
export function injectFault(platform: Platform) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const api = openApiNameOf(req.path);
    const { userId } = gateway(res);
    const fault =
      api &&
      (await platform.faults.take(api, userId ? await platform.namespaceOf(userId) : undefined));
    if (!fault) return next();
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (!fault.resultCode) return next();
    gateway(res).injectedFault = fault.id;
    throw new OpenApiError(
      fault.resultCode,
      `${resultCodeInfo(fault.resultCode).message} (injected by sandbox fault ${fault.id})`,
    );
  };
}
