import type { WalletLanguage } from './languages.js';

/** Account status as the gateway reports it. */
export type UserStatus = 'ACTIVE' | 'FROZEN' | 'INACTIVE';

export interface UserName {
  fullName: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
}

export interface LoginIdInfo {
  loginId?: string;
  loginIdType: 'MOBILE_PHONE' | 'EMAIL';
  hashLoginId?: string;
  maskLoginId?: string;
}

export interface ContactInfo {
  contactNo: string;
  contactType: 'MOBILE_PHONE' | 'EMAIL';
}

export interface Address {
  label?: string;
  region: string;
  state?: string;
  city: string;
  address1: string;
  address2?: string;
  zipCode?: string;
}

/** An entry of Claro's `deliveryAddress` list (the data dictionary's DeliveryAddress). */
export interface ClaroDeliveryAddress {
  name?: string;
  phoneNumber?: string;
  label?: string;
  region?: string;
  state?: string;
  city?: string;
  address1?: string;
  address2?: string;
  zipCode?: string;
}

/**
 * Claro's flat user (data dictionary for v2): the customer-family fields at the top level.
 * https://miniprogram.alipay.com/docs/miniprogram_claro/mpdev/v2_data_dict
 */
export interface ClaroUserInfo {
  userId: string;
  phoneNumber?: string;
  email?: string;
  deliveryAddress?: ClaroDeliveryAddress[];
  documentType?: string;
  documentNo?: string;
  name?: string;
  surname?: string;
  extendInfo?: string;
}

/** `userInfo` of inquiryUserInfo: only the fields the token's scopes unlock are present. */
export interface UserInfo {
  userId: string;
  status?: UserStatus;
  nickName?: string;
  userName?: UserName;
  avatar?: string;
  gender?: 'MALE' | 'FEMALE';
  birthDate?: string;
  nationality?: string;
  loginIdInfos?: LoginIdInfo[];
  contactInfos?: ContactInfo[];
  userAddresses?: Address[];
  extendInfo?: string;
}

/** A sandbox user: everything the wallet knows about them. Fields left out model missing data. */
export interface Persona {
  id: string;
  /** Set on the copies a namespace (a parallel test worker) gets: `ana-w1` of `ana` in `w1`. */
  namespace?: string;
  status: UserStatus;
  nickName: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  avatar?: string;
  gender?: 'MALE' | 'FEMALE';
  birthDate?: string;
  nationality?: string;
  mobilePhone?: string;
  email?: string;
  addresses: Address[];
  kyc?: { documentType: string; documentNo: string };
  /** The language this user set in the wallet (`en`, `es`, `pt-BR`, `zh-Hans`); the browser's when absent. */
  language?: WalletLanguage;
}

/** "First Middle Last", as the wallet shows a persona and `userName.fullName` carries it. */
export function fullNameOf(
  persona: Pick<Persona, 'firstName' | 'middleName' | 'lastName'>,
): string {
  return [persona.firstName, persona.middleName, persona.lastName].filter(Boolean).join(' ');
}
