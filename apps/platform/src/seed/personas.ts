import type { Persona } from '../deps.js';

/**
 * The seeded users. Each one exercises a different shape of data: a complete KYC profile, no
 * email, several delivery addresses, a frozen account, and a profile with almost nothing in it.
 */
export const SEED_PERSONAS: readonly Persona[] = [
  {
    id: 'ana',
    status: 'ACTIVE',
    nickName: 'Ana',
    firstName: 'Ana Lucía',
    lastName: 'García Torres',
    gender: 'FEMALE',
    birthDate: '1990-04-17',
    nationality: 'MX',
    mobilePhone: '+52 55 1234 5678',
    email: 'ana.garcia@example.mx',
    addresses: [
      {
        label: 'Home', region: 'MX', state: 'CDMX', city: 'Ciudad de México',
        address1: 'Av. Álvaro Obregón 112', address2: 'Depto 4B, Col. Roma Norte', zipCode: '06700',
      },
    ],
    kyc: { documentType: 'INE', documentNo: 'GATA900417MDFRRN09' },
  },
  {
    id: 'bruno',
    status: 'ACTIVE',
    nickName: 'Bruninho',
    firstName: 'Bruno',
    lastName: 'Costa Almeida',
    gender: 'MALE',
    birthDate: '1985-11-02',
    nationality: 'BR',
    mobilePhone: '+55 11 98765 4321',
    addresses: [
      { label: 'Home', region: 'BR', state: 'SP', city: 'São Paulo', address1: 'Rua Augusta 1500', zipCode: '01304-001' },
    ],
    kyc: { documentType: 'CPF', documentNo: '123.456.789-09' },
  },
  {
    id: 'chen',
    status: 'ACTIVE',
    nickName: 'Mei',
    firstName: 'Mei Ling',
    lastName: 'Chen',
    gender: 'FEMALE',
    birthDate: '1996-08-30',
    nationality: 'SG',
    mobilePhone: '+65 8123 4567',
    email: 'meiling.chen@example.sg',
    addresses: [
      { label: 'Home', region: 'SG', city: 'Singapore', address1: '21 Tampines Ave 1', address2: '#08-12', zipCode: '529757' },
      { label: 'Office', region: 'SG', city: 'Singapore', address1: '1 Raffles Place', address2: 'Tower 2, #30-01', zipCode: '048616' },
      { label: "Parents' home", region: 'SG', city: 'Singapore', address1: '45 Jurong West St 42', address2: '#03-88', zipCode: '640045' },
    ],
    kyc: { documentType: 'NRIC', documentNo: 'S9612345D' },
  },
  {
    id: 'dara',
    status: 'FROZEN',
    nickName: 'Dara',
    firstName: 'Dara',
    lastName: 'Okafor',
    gender: 'MALE',
    birthDate: '1979-02-11',
    nationality: 'NG',
    mobilePhone: '+234 803 555 0142',
    email: 'dara.okafor@example.ng',
    addresses: [{ label: 'Home', region: 'NG', state: 'Lagos', city: 'Lagos', address1: '14 Adeola Odeku St', zipCode: '101241' }],
    kyc: { documentType: 'NIN', documentNo: '12345678901' },
  },
  {
    id: 'eli',
    status: 'ACTIVE',
    nickName: 'eli_m',
    firstName: 'Eli',
    lastName: '',
    mobilePhone: '+63 917 555 0199',
    addresses: [],
  },
];
