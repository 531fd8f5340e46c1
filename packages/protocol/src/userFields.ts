/**
 * The pieces of a user's data that a scope can unlock. Scopes name these; the platform projects a
 * persona onto the wire `userInfo` through them, and the consent sheet lists their labels.
 */
export const USER_FIELDS = {
  userId: 'User ID',
  nickName: 'Nickname',
  userName: 'Name',
  loginId: 'Login ID (masked)',
  plaintextLoginId: 'Login ID',
  hashLoginId: 'Hashed login ID',
  avatar: 'Avatar',
  gender: 'Gender',
  birthDate: 'Birthday',
  nationality: 'Nationality',
  contactInfos: 'Contact info',
  mobilePhone: 'Phone number',
  email: 'Email address',
  addresses: 'Delivery address list',
  documentType: 'Document type',
  documentNo: 'Document number',
  name: 'Name',
  surname: 'Surname',
} as const;

export type UserField = keyof typeof USER_FIELDS;
