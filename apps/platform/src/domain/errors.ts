import { RESULT_CODES, type ApiErrorCode, type ResultCode } from '../deps.js';

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

/**
 * A control or wallet API failure: a code of the protocol's catalogues (`CONTROL_API_ERRORS`,
 * `WALLET_API_ERRORS`) and a message that says what to fix. The routers give it its HTTP status,
 * from the catalogue: the core knows no HTTP.
 */
export class ControlApiError extends Error {
  constructor(
    readonly error: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}
