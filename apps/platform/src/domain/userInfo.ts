import { createHash } from 'node:crypto';
import { fieldsOf, fullNameOf, type Persona, type ScopeName, type UserInfo } from '../deps.js';

function mask(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** The `userInfo` a token's scopes unlock: only those fields, and only those the persona has. */
export function projectUserInfo(
  persona: Persona,
  customerId: string,
  scopes: readonly ScopeName[],
  avatarUrl: (persona: Persona) => string,
): UserInfo {
  const fields = new Set(fieldsOf(scopes));
  const info: UserInfo = { userId: customerId, status: persona.status };
  const fullName = fullNameOf(persona);
  const loginId = persona.mobilePhone?.replace(/[^\d+]/g, '');

  if (fields.has('nickName')) info.nickName = persona.nickName;
  if (fields.has('userName')) {
    info.userName = { fullName, firstName: persona.firstName, ...(persona.lastName && { lastName: persona.lastName }) };
  }
  if (fields.has('avatar')) info.avatar = avatarUrl(persona);
  if (fields.has('gender') && persona.gender) info.gender = persona.gender;
  if (fields.has('birthDate') && persona.birthDate) info.birthDate = persona.birthDate;
  if (fields.has('nationality') && persona.nationality) info.nationality = persona.nationality;
  if (loginId && (fields.has('loginId') || fields.has('plaintextLoginId') || fields.has('hashLoginId'))) {
    info.loginIdInfos = [{
      loginIdType: 'MOBILE_PHONE',
      ...(fields.has('plaintextLoginId') && { loginId }),
      ...(fields.has('loginId') && { maskLoginId: mask(loginId) }),
      ...(fields.has('hashLoginId') && { hashLoginId: md5(loginId) }),
    }];
  }
  const contacts: NonNullable<UserInfo['contactInfos']> = [];
  if ((fields.has('mobilePhone') || fields.has('contactInfos')) && persona.mobilePhone) {
    contacts.push({ contactNo: persona.mobilePhone, contactType: 'MOBILE_PHONE' });
  }
  if ((fields.has('email') || fields.has('contactInfos')) && persona.email) {
    contacts.push({ contactNo: persona.email, contactType: 'EMAIL' });
  }
  if (contacts.length > 0) info.contactInfos = contacts;
  if (fields.has('addresses') && persona.addresses.length > 0) info.userAddresses = persona.addresses;
  if (fields.has('name') || fields.has('surname')) {
    info.userName ??= { fullName, firstName: persona.firstName, ...(persona.lastName && { lastName: persona.lastName }) };
  }
  if ((fields.has('documentType') || fields.has('documentNo') || fields.has('name')) && persona.kyc) {
    info.kycInfo = {
      documentType: persona.kyc.documentType,
      documentNo: persona.kyc.documentNo,
      name: persona.firstName,
      ...(persona.lastName && { surname: persona.lastName }),
    };
  }
  return info;
}
