import type { UserField } from './userFields.js';

/** Silent scopes are granted without a consent sheet; consent scopes need the user's Allow. */
export type ScopeMode = 'silent' | 'consent';

/** Which documents a scope comes from: the pair, the USER_* family, or the customer family. */
export type ScopeFamily = 'oauth' | 'user' | 'customer' | 'messaging';

export interface ScopeDefinition {
  readonly family: ScopeFamily;
  readonly mode: ScopeMode;
  /** The user data the scope unlocks, in the order a consent sheet lists it. */
  readonly fields: readonly UserField[];
  /** What the consent sheet says, completing "<app> would like to …". */
  readonly title: string;
  /** Reserved scopes are known names that grant nothing yet (the seeds: "To Be Define"). */
  readonly reserved?: true;
  /** True when the scope reveals the phone number, which may not share a sheet with basic info. */
  readonly phone?: true;
}

const BASIC_PROFILE: readonly UserField[] = [
  'userId',
  'nickName',
  'userName',
  'avatar',
  'gender',
  'birthDate',
  'nationality',
];

/**
 * The scope catalogue, from the platform documents (`shared/seeds`) and the public reference.
 * Modes follow the Alipay+ docs: `auth_base` and `USER_ID` are silent, every other scope asks.
 */
export const SCOPES = {
  auth_base: { family: 'oauth', mode: 'silent', fields: ['userId'], title: 'know your user ID' },
  auth_user: {
    family: 'oauth',
    mode: 'consent',
    fields: BASIC_PROFILE,
    title: 'see your basic profile',
  },
  USER_ID: { family: 'user', mode: 'silent', fields: ['userId'], title: 'know your user ID' },
  USER_NICKNAME: {
    family: 'user',
    mode: 'consent',
    fields: ['nickName'],
    title: 'see your nickname',
  },
  USER_NAME: { family: 'user', mode: 'consent', fields: ['userName'], title: 'see your name' },
  USER_LOGIN_ID: {
    family: 'user',
    mode: 'consent',
    fields: ['loginId'],
    title: 'see your login ID (masked)',
  },
  PLAINTEXT_USER_LOGIN_ID: {
    family: 'user',
    mode: 'consent',
    fields: ['plaintextLoginId'],
    title: 'see your full login ID',
  },
  HASH_LOGIN_ID: {
    family: 'user',
    mode: 'consent',
    fields: ['hashLoginId'],
    title: 'see a hash of your login ID',
  },
  USER_AVATAR: { family: 'user', mode: 'consent', fields: ['avatar'], title: 'see your avatar' },
  USER_GENDER: { family: 'user', mode: 'consent', fields: ['gender'], title: 'see your gender' },
  USER_BIRTHDAY: {
    family: 'user',
    mode: 'consent',
    fields: ['birthDate'],
    title: 'see your birthday',
  },
  USER_NATIONALITY: {
    family: 'user',
    mode: 'consent',
    fields: ['nationality'],
    title: 'see your nationality',
  },
  USER_CONTACTINFO: {
    family: 'user',
    mode: 'consent',
    fields: ['contactInfos'],
    title: 'see your contact info',
    phone: true,
  },
  USER_ADDRESS: {
    family: 'user',
    mode: 'consent',
    fields: ['addresses'],
    title: 'see your addresses',
  },
  PLAINTEXT_MOBILE_PHONE: {
    family: 'user',
    mode: 'consent',
    fields: ['mobilePhone'],
    title: 'see your phone number',
    phone: true,
  },
  SEND_MESSAGE: {
    family: 'messaging',
    mode: 'consent',
    fields: [],
    title: 'send you notifications',
  },
  NOTIFICATION_INBOX: {
    family: 'messaging',
    mode: 'consent',
    fields: [],
    title: 'send messages to your inbox',
  },
  User_Base_Info: {
    family: 'customer',
    mode: 'silent',
    fields: ['userId'],
    title: 'know your user ID',
  },
  User_Customer_Info: {
    family: 'customer',
    mode: 'consent',
    fields: ['mobilePhone', 'email', 'addresses'],
    title: 'see your phone, email and delivery addresses',
    phone: true,
  },
  User_Customer_KYC_Info: {
    family: 'customer',
    mode: 'consent',
    fields: ['mobilePhone', 'email', 'addresses', 'documentType', 'documentNo', 'name', 'surname'],
    title: 'see your verified identity (KYC) and contact details',
    phone: true,
  },
  User_Business_Info: {
    family: 'customer',
    mode: 'consent',
    fields: [],
    title: 'see your business info',
    reserved: true,
  },
} as const satisfies Record<string, ScopeDefinition>;

export type ScopeName = keyof typeof SCOPES;

/** What `my.getAuthCode` asks for when `scopes` is absent or null. */
export const DEFAULT_SCOPE: ScopeName = 'auth_base';

/** Granted silently to apps the platform administrator approved (the seeds' wallet-own apps). */
export const SILENT_KYC_SCOPE: ScopeName = 'User_Customer_KYC_Info';

export function isScopeName(value: unknown): value is ScopeName {
  return typeof value === 'string' && Object.hasOwn(SCOPES, value);
}

export function scopeDefinition(scope: ScopeName): ScopeDefinition {
  return SCOPES[scope];
}

/** Scopes that reveal basic profile data (name, nickname, avatar …), as opposed to the phone. */
export function isBasicInfoScope(scope: ScopeName): boolean {
  const def: ScopeDefinition = SCOPES[scope];
  return (
    def.mode === 'consent' &&
    !def.phone &&
    def.fields.some((f) => BASIC_PROFILE.includes(f) && f !== 'userId')
  );
}

/** The fields a set of granted scopes unlocks, without repeats. */
export function fieldsOf(scopes: readonly ScopeName[]): UserField[] {
  const fields = new Set<UserField>();
  for (const scope of scopes) for (const field of SCOPES[scope].fields) fields.add(field);
  return [...fields];
}

/**
 * The scopes an app may ask for, as error messages list them: every scope but the reserved ones
 * (`User_Business_Info`), which no request may use.
 */
export const OFFERED_SCOPES: readonly ScopeName[] = (Object.keys(SCOPES) as ScopeName[]).filter(
  (scope) => !(SCOPES[scope] as ScopeDefinition).reserved,
);

/** The scopes of a request that need the user's Allow, given the app's silent-KYC approval. */
export function scopesNeedingConsent(
  scopes: readonly ScopeName[],
  app: { silentKyc: boolean },
): ScopeName[] {
  return scopes.filter(
    (s) => SCOPES[s].mode === 'consent' && !(s === SILENT_KYC_SCOPE && app.silentKyc),
  );
}

/**
 * Why a request cannot go into one consent sheet, or undefined when it can. The platform asks for
 * basic user info and the phone number through separate JSAPIs, so one sheet may not ask for both.
 */
export function consentConflict(scopes: readonly ScopeName[]): string | undefined {
  const basic = scopes.filter((s) => isBasicInfoScope(s));
  const phone = scopes.filter(
    (s) => SCOPES[s].mode === 'consent' && (SCOPES[s] as ScopeDefinition).phone,
  );
  if (basic.length === 0 || phone.length === 0) return undefined;
  // Each phone scope is named for itself: USER_CONTACTINFO or User_Customer_Info is more than "the phone number".
  return `basic user info (${basic.join(', ')}) and scopes that reveal the phone number (${phone.map((s) => `${s}: ${SCOPES[s].title.replace(/^see /, '')}`).join('; ')}) cannot be asked for in one consent sheet; call my.getAuthCode twice, one for each`;
}
