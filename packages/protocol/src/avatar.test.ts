import { describe, expect, it } from 'vitest';
import { avatarFace } from './avatar.js';

describe('avatarFace', () => {
  it('takes the first letters of the first two words, and a colour that only the seed decides', () => {
    const ana = avatarFace('Ana Lucía García Torres', 'ana');
    expect(ana.initials).toBe('AL');
    expect(ana.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(avatarFace('Someone Else', 'ana').color).toBe(ana.color);
    expect(avatarFace('  élodie  ', 'x').initials).toBe('É');
    expect(avatarFace('', 'x').initials).toBe('');
  });
});
