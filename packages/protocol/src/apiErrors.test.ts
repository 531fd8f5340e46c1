import { describe, expect, it } from 'vitest';
import { apiErrorInfo, CONTROL_API_ERRORS, WALLET_API_ERRORS } from './apiErrors.js';

describe('the control and wallet API error catalogues', () => {
  it('give every code an error status and a fix that says what to do', () => {
    for (const [code, info] of [
      ...Object.entries(CONTROL_API_ERRORS),
      ...Object.entries(WALLET_API_ERRORS),
    ]) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(info.status, code).toBeGreaterThanOrEqual(400);
      expect(info.status, code).toBeLessThan(600);
      expect(info.fix.length, code).toBeGreaterThan(10);
    }
  });

  it('give a code both APIs answer one status, whichever API answers it', () => {
    const control: Record<string, { status: number }> = CONTROL_API_ERRORS;
    for (const [code, info] of Object.entries(WALLET_API_ERRORS)) {
      if (code in control) expect(control[code]!.status, code).toBe(info.status);
    }
    expect(apiErrorInfo('wallet', 'UNKNOWN_CLIENT')).toBe(CONTROL_API_ERRORS.UNKNOWN_CLIENT);
    expect(apiErrorInfo('control', 'NO_WALLET_SESSION')).toBe(WALLET_API_ERRORS.NO_WALLET_SESSION);
    expect(apiErrorInfo('wallet', 'NOT_THE_HOLDER').status).toBe(403);
  });
});
