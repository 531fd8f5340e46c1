import type { ControlError } from '../sandboxApi.js';

/**
 * The control or wallet API answered with an error: `{ error, message }` and an HTTP status. The
 * one error class of every client of those APIs (the wallet shell, the Playwright kit, the
 * launcher, tests and benches). `message` is the platform's, which says what to fix (the shell
 * shows it as it is); `request` names the call (`POST /sandbox/v1/apps`).
 */
export class SandboxRequestError extends Error {
  override readonly name = 'SandboxRequestError';

  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly request = '',
  ) {
    super(message);
  }
}

/** The error an answer that is not a success stands for, `{ error, message }` or any other body. */
export function requestError(
  status: number,
  answer: unknown,
  request: string,
): SandboxRequestError {
  const failure = (
    typeof answer === 'object' && answer !== null ? answer : {}
  ) as Partial<ControlError>;
  const message =
    typeof failure.message === 'string' ? failure.message : `HTTP ${status} from ${request}`;
  const error = typeof failure.error === 'string' ? failure.error : 'HTTP_ERROR';
  return new SandboxRequestError(status, error, message, request);
}
