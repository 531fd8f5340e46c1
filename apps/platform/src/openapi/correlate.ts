import type { Platform } from '../platform.js';
import type { GatewayCall } from './context.js';

/**
 * Links a call to the login it belongs to, through the code or token it carries, so that even a
 * failed call shows up in that login's timeline.
 */
export async function correlate(platform: Platform, call: GatewayCall): Promise<void> {
  const locals = call.locals;
  const body = locals.body ?? {};
  const text = (field: string) =>
    typeof body[field] === 'string' && body[field] !== '' ? (body[field] as string) : undefined;
  const authCode = text('authCode');
  const accessToken = text('accessToken');
  const refreshToken = text('refreshToken');
  const login = await platform.authorizations.loginOf({
    ...(authCode && { authCode }),
    ...(accessToken && { accessToken }),
    ...(refreshToken && { refreshToken }),
  });
  if (login) Object.assign(locals, login);
}
