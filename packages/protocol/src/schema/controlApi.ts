/** Bodies of the control API (`/sandbox/v1`) that tests and tools send. */
import * as v from 'valibot';
import { looseFields } from './check.js';

const nonEmpty = v.pipe(
  v.string('must be a non-empty string'),
  v.minLength(1, 'must be a non-empty string'),
);

/** POST authcodes: a code issued as the wallet would (scopes checked by `scopeListSchema`, with their own codes). */
export const issueAuthCodeBodySchema = looseFields({
  appId: nonEmpty,
  userId: nonEmpty,
  scopes: v.optional(v.unknown()),
  /** `false`: the app's rules are not applied (a test that wants a code whatever the rules say). */
  applyRules: v.optional(v.boolean('must be true or false')),
});
