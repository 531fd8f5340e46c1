import { describe, expect, it } from 'vitest';
import { formatOffset, fromLocalInput, toLocalInput } from './clockText';

describe('formatOffset', () => {
  it('says none for wall time, and the units otherwise', () => {
    expect(formatOffset(0)).toBe('none: wall time');
    expect(formatOffset(400)).toBe('none: wall time');
    expect(formatOffset(5 * 60_000)).toBe('+5m');
    expect(formatOffset(31 * 86_400_000 + 2 * 3_600_000)).toBe('+31d 2h');
    expect(formatOffset(-90_000)).toBe('-1m 30s');
  });
});

describe('datetime-local values', () => {
  it('round-trip through the control API format', () => {
    const value = toLocalInput(Date.UTC(2030, 0, 1, 12, 30));
    expect(Date.parse(fromLocalInput(value)!)).toBe(Date.UTC(2030, 0, 1, 12, 30));
    expect(fromLocalInput(value)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(fromLocalInput('')).toBeUndefined();
  });
});
