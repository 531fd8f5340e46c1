import type { NextFunction, Request, Response } from 'express';
import type { Platform } from '../platform.js';
import { gateway } from './context.js';

/**
 * Links a call to the login it belongs to, through the code or token it carries, so that even a
 * failed call shows up in that login's timeline.
 */
export function correlate(platform: Platform) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const locals = gateway(res);
    const body = locals.body ?? {};
    const text = (field: string) => (typeof body[field] === 'string' ? (body[field] as string) : undefined);
    const authCode = text('authCode');
    const refreshToken = text('refreshToken');
    const accessToken = text('accessToken') ?? (refreshToken && platform.store.get('refreshIndex', refreshToken));
    const source = (authCode && platform.store.get('authCodes', authCode)) || (accessToken && platform.store.get('tokens', accessToken));
    if (source) Object.assign(locals, { correlationId: source.correlationId, appId: source.appId, userId: source.userId });
    next();
  };
}
