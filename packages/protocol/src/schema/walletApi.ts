/** Bodies of the wallet API (`/wallet/v1`), which the shell sends. */
import * as v from 'valibot';
import { WALLET_PATHS } from '../sandboxApi.js';
import { looseFields } from './check.js';

const appId = v.pipe(
  v.string('must be a non-empty string'),
  v.minLength(1, 'must be a non-empty string'),
);

/** POST prepare: the app and the scopes asked for (checked by `scopeListSchema`, with their own codes). */
export const prepareBodySchema = looseFields({
  appId,
  scopes: v.optional(v.unknown()),
  userId: v.optional(v.unknown()),
});

/** POST authorize: the user's answer to the sheet `prepare` made. */
export const authorizeBodySchema = looseFields({
  decision: v.picklist(['allow', 'deny', 'cancel'], 'must be "allow", "deny" or "cancel"'),
  consentId: v.string(`must be the id ${WALLET_PATHS.prepare} answered`),
});

/** POST withdraw: a code authorize issued that nobody will receive. */
export const withdrawAuthCodeBodySchema = looseFields({
  authCode: v.string('must be the code authorize answered'),
});
