import { createHash } from 'node:crypto';
import {
  projectUserInfo as project,
  type Persona,
  type ScopeName,
  type WalletProfile,
} from '../deps.js';

/** `hashLoginId`: SHA-256 of the login ID, lower-case hex (the profile says how; all say this today). */
export function hashLoginId(loginId: string): string {
  return createHash('sha256').update(loginId, 'utf8').digest('hex');
}

/** The protocol's projection (`projectUserInfo`), with the platform's avatar URLs and Node's SHA-256. */
export function projectUserInfo(
  persona: Persona,
  customerId: string,
  scopes: readonly ScopeName[],
  avatarUrl: (persona: Persona) => string,
  profile: Pick<WalletProfile, 'userInfoShape'>,
) {
  return project(persona, customerId, scopes, { avatarUrl, hashLoginId }, profile);
}
