import { RESULT_CODES, type ResultCode } from '../deps.js';

/**
 * A gateway failure. Steps throw it with a catalogue code and, where it helps, a detail that says
 * what was wrong and how to fix it; the one error handler turns it into `result`.
 */
export class OpenApiError extends Error {
  readonly code: ResultCode;
  constructor(code: ResultCode, detail?: string) {
    super(detail ?? RESULT_CODES[code].message);
    this.code = code;
  }
}

export function paramIllegal(field: string, rule: string): OpenApiError {
  return new OpenApiError('PARAM_ILLEGAL', `${field} ${rule}`);
}

/** A control or wallet API failure: an HTTP status and a message that says what to fix. */
export class ControlApiError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}
