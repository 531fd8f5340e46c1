import { fieldsOf, type ScopeName } from './scopes.js';
import { fullNameOf, type ClaroUserInfo, type Persona, type UserInfo } from './user.js';
import type { UserField } from './userFields.js';
import type { WalletProfile } from './walletProfiles.js';

function mask(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** The fields Claro's flat user carries at its top level. */
const CLARO_FLAT_FIELDS = new Set<UserField>([
  'mobilePhone',
  'email',
  'addresses',
  'documentType',
  'documentNo',
  'name',
  'surname',
]);

/** What the projection needs from its caller: how it serves avatars, and how it hashes. */
export interface UserInfoContext {
  /** The avatar URL the platform serves for a persona (the wallet shell passes the persona's own). */
  avatarUrl: (persona: Persona) => string;
  /** `hashLoginId`: SHA-256 of the login ID, lower-case hex (Node's crypto on the platform). */
  hashLoginId: (loginId: string) => string;
}

/**
 * The wire `userInfo` for the token's scopes, in the shape of the app's wallet: the one projection
 * of a persona through its granted scopes, which the gateway answers with and from which the
 * wallet shell's `my.getOpenUserInfo` takes its fields.
 */
export function projectUserInfo(
  persona: Persona,
  customerId: string,
  scopes: readonly ScopeName[],
  context: UserInfoContext,
  profile: Pick<WalletProfile, 'userInfoShape'>,
): UserInfo | (ClaroUserInfo & UserInfo) {
  const fields = new Set(fieldsOf(scopes));
  if (profile.userInfoShape !== 'claro')
    return alipayPlusUserInfo(persona, customerId, fields, context);
  // Claro: the customer family's fields flat at the top level, nowhere else; the USER_* family as Alipay+.
  const others = new Set([...fields].filter((field) => !CLARO_FLAT_FIELDS.has(field)));
  return {
    ...alipayPlusUserInfo(persona, customerId, others, context),
    ...claroFields(persona, fields),
  };
}

/**
 * The Alipay+ connect User: only those fields the scopes unlock, and only those the persona has.
 * The customer family's phone, email and addresses go where Alipay+ puts them (contactInfos,
 * userAddresses), name and surname into userName; its document fields have no Alipay+ field.
 */
function alipayPlusUserInfo(
  persona: Persona,
  customerId: string,
  fields: Set<UserField>,
  { avatarUrl, hashLoginId }: UserInfoContext,
): UserInfo {
  const info: UserInfo = { userId: customerId, status: persona.status };
  const fullName = fullNameOf(persona);
  const loginId = persona.mobilePhone?.replace(/[^\d+]/g, '');
  const userName = {
    fullName,
    firstName: persona.firstName,
    ...(persona.lastName && { lastName: persona.lastName }),
  };

  if (fields.has('nickName')) info.nickName = persona.nickName;
  if (fields.has('userName')) info.userName = userName;
  if (fields.has('avatar')) info.avatar = avatarUrl(persona);
  if (fields.has('gender') && persona.gender) info.gender = persona.gender;
  if (fields.has('birthDate') && persona.birthDate) info.birthDate = persona.birthDate;
  if (fields.has('nationality') && persona.nationality) info.nationality = persona.nationality;
  if (
    loginId &&
    (fields.has('loginId') || fields.has('plaintextLoginId') || fields.has('hashLoginId'))
  ) {
    info.loginIdInfos = [
      {
        loginIdType: 'MOBILE_PHONE',
        ...(fields.has('plaintextLoginId') && { loginId }),
        ...(fields.has('loginId') && { maskLoginId: mask(loginId) }),
        ...(fields.has('hashLoginId') && { hashLoginId: hashLoginId(loginId) }),
      },
    ];
  }
  const contacts: NonNullable<UserInfo['contactInfos']> = [];
  if ((fields.has('mobilePhone') || fields.has('contactInfos')) && persona.mobilePhone) {
    contacts.push({ contactNo: persona.mobilePhone, contactType: 'MOBILE_PHONE' });
  }
  if ((fields.has('email') || fields.has('contactInfos')) && persona.email) {
    contacts.push({ contactNo: persona.email, contactType: 'EMAIL' });
  }
  if (contacts.length > 0) info.contactInfos = contacts;
  if (fields.has('addresses') && persona.addresses.length > 0)
    info.userAddresses = persona.addresses;
  if (fields.has('name') || fields.has('surname')) info.userName ??= userName;
  return info;
}

/**
 * Claro's flat user: phoneNumber, email, deliveryAddress[], documentType, documentNo, name,
 * surname at the top level, each when its scope (User_Customer_Info, User_Customer_KYC_Info)
 * unlocks it and the persona has it.
 */
function claroFields(persona: Persona, fields: Set<UserField>): Omit<ClaroUserInfo, 'userId'> {
  const out: Omit<ClaroUserInfo, 'userId'> = {};
  if (fields.has('mobilePhone') && persona.mobilePhone) out.phoneNumber = persona.mobilePhone;
  if (fields.has('email') && persona.email) out.email = persona.email;
  if (fields.has('addresses') && persona.addresses.length > 0) {
    out.deliveryAddress = persona.addresses.map((address) => ({
      name: fullNameOf(persona),
      ...(persona.mobilePhone && { phoneNumber: persona.mobilePhone }),
      ...address,
    }));
  }
  if (fields.has('documentType') && persona.kyc) out.documentType = persona.kyc.documentType;
  if (fields.has('documentNo') && persona.kyc) out.documentNo = persona.kyc.documentNo;
  if (fields.has('name')) out.name = persona.firstName;
  if (fields.has('surname') && persona.lastName) out.surname = persona.lastName;
  return out;
}
