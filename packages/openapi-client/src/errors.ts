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

/** Why a customer must authorize again: no tokens stored, or the refresh token is dead. */
export type ReauthorizationReason =
  'NO_TOKENS' | 'EXPIRED_REFRESH_TOKEN' | 'INVALID_REFRESH_TOKEN' | 'USED_REFRESH_TOKEN';

/**
 * The merchant holds no usable grant for this customer any more: tell the mini program to call
 * `my.getAuthCode` again and log in with the new code. The stored tokens have been deleted.
 */
export class ReauthorizationRequiredError extends Error {
  override readonly name = 'ReauthorizationRequiredError';
  constructor(
    readonly customerId: string,
    readonly reason: ReauthorizationReason,
    cause?: PlatformApiError,
  ) {
    super(
      reason === 'NO_TOKENS'
        ? `no tokens stored for customer ${customerId}: the user must authorize (my.getAuthCode) and log in`
        : `the refresh token of customer ${customerId} cannot be used (${reason}): the user must authorize again (my.getAuthCode)`,
      cause && { cause },
    );
  }
}

/** The response could not be trusted: no valid platform signature, or not the gateway's shape. */
export class GatewayResponseError extends Error {
  override readonly name = 'GatewayResponseError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}
