import { SCOPES, USER_FIELDS, type ScopeName, type UserField } from '@mp-sandbox/protocol';

/**
 * The wallet's words in English: the catalogue every other language is checked against. A key
 * missing from another language's catalogue (or one it adds) fails `npm run typecheck`.
 *
 * What the person holding the phone reads is here: the home screen, the consent sheet, the JSAPI
 * dialogs, the authorizations page. What the developer reads (the console, notices about links and
 * the platform's rules, the "not answering" page) stays in English, like the README.
 */

/** Scope titles come from the protocol's catalogue, so English has one source; capitalised for a list. */
const scopes = Object.fromEntries(
  (Object.keys(SCOPES) as ScopeName[]).map((scope) => [
    scope,
    SCOPES[scope].title.replace(/^./, (c) => c.toUpperCase()),
  ]),
) as Record<ScopeName, string>;

export const en = {
  wallet: 'Wallet',
  loadingWallet: 'Loading wallet…',
  home: {
    signedInAs: 'Signed in as',
    noPhone: 'no phone number',
    switchUser: 'Switch user',
    balance: 'Balance',
    miniPrograms: 'Mini programs',
    privacy: 'Privacy',
    authorizedMiniPrograms: 'Authorized mini programs',
  },
  switcher: { title: 'Switch user', noPhone: 'no phone' },
  common: { close: 'Close', back: 'Back', dismiss: 'Dismiss', loading: 'Loading…' },
  container: {
    closeMiniProgram: 'Close mini program',
    opening: (app: string) => `Opening ${app}…`,
  },
  consent: {
    wouldLikeTo: (app: string) => `${app} would like to:`,
    requestedAccess: 'Requested access',
    deny: 'Deny',
    allow: 'Allow',
  },
  dialogs: {
    ok: 'OK',
    cancel: 'Cancel',
    alert: 'Alert',
    confirm: 'Confirm',
    toast: 'Toast',
    loading: 'Loading',
    loadingText: 'Loading…',
  },
  authorizations: {
    title: 'Authorized mini programs',
    lead: (name: string) => `What ${name} lets each mini program see.`,
    couldNotLoad: (reason: string) => `Could not load authorizations: ${reason}`,
    couldNotRevoke: (reason: string) => `Could not revoke: ${reason}`,
    revoked: (app: string) =>
      `${app} no longer has your authorization: its tokens stopped working, and it must ask again.`,
    none: 'No mini program holds an authorization.',
    since: (date: string) => `since ${date}`,
    confirmText: (app: string) => `${app} loses access and its tokens stop working.`,
    confirmGroup: (app: string) => `Confirm revoking ${app}`,
    keep: 'Keep',
    revokeNow: 'Revoke now',
    revoke: (app: string) => `Revoke ${app}`,
  },
  scopes,
  fields: { ...USER_FIELDS } as Record<UserField, string>,
};

/** Every string a literal type would pin down, widened: another language gives its own words. */
type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : { [K in keyof T]: Widen<T[K]> };

export type Messages = Widen<typeof en>;
