/**
 * Scopes on the wire: one scope name, and what `my.getAuthCode` takes as `scopes`. The complaint
 * about an unknown scope is written here once, for the bridge, the platform and config files.
 */
import * as v from 'valibot';
import { DEFAULT_SCOPE, OFFERED_SCOPES, SCOPES, type ScopeName } from '../scopes.js';
import { checkInput, didYouMean, problemLine, showValue } from './check.js';

const SCOPE_NAMES = Object.keys(SCOPES) as ScopeName[];

/** A scope of the catalogue; a misspelt one is answered with the nearest name. */
export const scopeSchema = v.pipe(
  v.picklist(
    SCOPE_NAMES,
    (issue) =>
      `${showValue(issue.input)} is not a scope${didYouMean(issue.input, SCOPE_NAMES)}; known: ${OFFERED_SCOPES.join(', ')}`,
  ),
  v.description('A scope of the catalogue (packages/protocol/src/scopes.ts).'),
);

/**
 * `my.getAuthCode`'s `scopes` as the platform reads it: a string or an array of strings, known
 * names, `auth_base` when absent or null; the result has no repeats, in the order asked.
 */
export const requestedScopesSchema = v.pipe(
  // The default makes an object run this for a missing `scopes` too.
  v.optional(v.nullable(v.union([v.string(), v.array(v.string())])), null),
  v.transform((raw): string[] =>
    raw === undefined || raw === null ? [DEFAULT_SCOPE] : typeof raw === 'string' ? [raw] : raw,
  ),
  v.array(scopeSchema),
  v.check((list) => list.length > 0, 'must name at least one scope'),
  v.transform((list): ScopeName[] => [...new Set(list)]),
);

/**
 * The scopes of a wallet or control API request: a non-empty array of known names (the shell sends
 * what its bridge checked), returned without repeats, in the order asked.
 */
export const scopeListSchema = v.pipe(
  v.array(scopeSchema, 'must be a non-empty array of scope names'),
  v.minLength(1, 'must be a non-empty array of scope names'),
  v.transform((list): ScopeName[] => [...new Set(list)]),
);

/**
 * Reads `my.getAuthCode`'s `scopes` (see `requestedScopesSchema`); returns what is wrong, as
 * `scopes…: message` lines, when the value cannot be used.
 */
export function normalizeScopes(raw: unknown): ScopeName[] | string {
  const checked = checkInput(requestedScopesSchema, raw);
  if (checked.ok) return checked.value;
  return checked.problems.map((p) => problemLine({ ...p, path: `scopes${p.path}` })).join('; ');
}
