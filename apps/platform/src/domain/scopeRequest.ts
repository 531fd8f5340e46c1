import { isScopeName, OFFERED_SCOPES, SCOPES, type MiniProgramApp, type ScopeName } from '../deps.js';
import { ControlApiError } from './errors.js';

/**
 * Checks the scopes a mini program asked for: known names, not reserved, and registered for the
 * app. Returns them without repeats, in the order asked.
 */
export function checkRequestedScopes(app: MiniProgramApp, requested: unknown): ScopeName[] {
  if (!Array.isArray(requested) || requested.length === 0) {
    throw new ControlApiError('INVALID_SCOPES', 'scopes must be a non-empty array of scope names');
  }
  const scopes: ScopeName[] = [];
  for (const scope of requested) {
    if (!isScopeName(scope)) {
      throw new ControlApiError('UNKNOWN_SCOPE', `unknown scope ${JSON.stringify(scope)}; known scopes: ${OFFERED_SCOPES.join(', ')}`);
    }
    if ('reserved' in SCOPES[scope]) {
      throw new ControlApiError('RESERVED_SCOPE', `scope ${scope} is reserved by the platform and cannot be granted yet`);
    }
    if (!app.scopes.includes(scope)) {
      throw new ControlApiError('SCOPE_NOT_ALLOWED', `app ${app.appId} is not registered for scope ${scope}; its scopes are ${app.scopes.join(', ')}`);
    }
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  return scopes;
}
