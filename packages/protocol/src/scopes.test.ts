import { describe, expect, it } from 'vitest';
import { normalizeScopes } from './schema/scopes.js';
import { consentConflict, OFFERED_SCOPES } from './scopes.js';

describe('scope messages', () => {
  it('lists the scopes an app may ask for, without the reserved User_Business_Info', () => {
    expect(OFFERED_SCOPES).toContain('User_Customer_Info');
    expect(OFFERED_SCOPES).not.toContain('User_Business_Info');
    expect(normalizeScopes(['NOPE'])).not.toContain('User_Business_Info');
  });

  it('names each phone scope for what it reveals, not all as "the phone number"', () => {
    const message = consentConflict(['auth_user', 'USER_CONTACTINFO', 'User_Customer_Info'])!;
    expect(message).toContain('USER_CONTACTINFO: your contact info');
    expect(message).toMatch(/User_Customer_Info: your [^;)]+/);
    expect(message).not.toMatch(/and the phone number \(/);
  });
});
