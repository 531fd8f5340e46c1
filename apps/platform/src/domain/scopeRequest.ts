import {
  checkInput,
  problemLine,
  scopeListSchema,
  SCOPES,
  type MiniProgramApp,
  type ScopeName,
} from '../deps.js';
import { ControlApiError } from './errors.js';

/**
 * Checks the scopes a mini program asked for: known names, not reserved, and registered for the
 * app. Returns them without repeats, in the order asked.
 */
export function checkRequestedScopes(app: MiniProgramApp, requested: unknown): ScopeName[] {
  const checked = checkInput(scopeListSchema, requested);
  if (!checked.ok) {
    const problem = checked.problems[0]!;
    // A bad item is an unknown name; anything else is the list itself.
    const code = problem.path ? 'UNKNOWN_SCOPE' : 'INVALID_SCOPES';
    throw new ControlApiError(code, problemLine({ ...problem, path: `scopes${problem.path}` }));
  }
  const scopes = checked.value;
  for (const scope of scopes) {
    if ('reserved' in SCOPES[scope]) {
      throw new ControlApiError(
        'RESERVED_SCOPE',
        `scope ${scope} is reserved by the platform and cannot be granted yet`,
      );
    }
    if (!app.scopes.includes(scope)) {
      throw new ControlApiError(
        'SCOPE_NOT_ALLOWED',
        `app ${app.appId} is not registered for scope ${scope}; its scopes are ${app.scopes.join(', ')}`,
      );
    }
  }
  return scopes;
}
