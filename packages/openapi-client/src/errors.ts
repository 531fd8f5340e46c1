import { resultCodeFromWire, type ResultCode, type ResultStatus } from '@mp-sandbox/protocol';

interface WireResult {
  resultCode: string;
  resultStatus: ResultStatus;
  resultMessage: string;
}

export function isWireResult(value: unknown): value is WireResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r['resultCode'] === 'string' && typeof r['resultStatus'] === 'string';
}

/** The gateway answered with `resultStatus` F or U. `code` is the catalogue name for either version. */
export class PlatformApiError extends Error {
  override readonly name = 'PlatformApiError';
  readonly resultCode: string;
  readonly resultStatus: ResultStatus;
  readonly resultMessage: string;
  /** The catalogue key (`USED_CODE` from v1 becomes `USED_AUTHCODE`), when the code is known. */
  readonly code: ResultCode | undefined;
  readonly path: string;
  readonly response: unknown;

  constructor(path: string, result: WireResult, response: unknown) {
    super(`${path}: ${result.resultCode} (${result.resultStatus}) ${result.resultMessage}`);
    this.path = path;
    this.resultCode = result.resultCode;
    this.resultStatus = result.resultStatus;
    this.resultMessage = result.resultMessage;
    this.code = resultCodeFromWire(result.resultCode);
    this.response = response;
  }

  /** `U` means the outcome is unknown: the docs say retry. */
  get retryable(): boolean {
    return this.resultStatus === 'U';
  }
}

/** The response could not be trusted: no valid platform signature, or not the gateway's shape. */
export class GatewayResponseError extends Error {
  override readonly name = 'GatewayResponseError';
  constructor(message: string, readonly status: number, readonly body: string) {
    super(message);
  }
}
