import { CONTROL_TOKEN_VARIABLE } from '../access.js';
import { requestError } from './errors.js';

/**
 * One JSON call to the platform's control or wallet API, with fetch only, so the same code runs in
 * the wallet shell (a browser, through its `/platform` proxy) and in Node (the kit, the launcher,
 * tests and benches).
 */
export interface SandboxHttpOptions {
  /** `http://127.0.0.1:7701`, or a path prefix such as `/platform` in the wallet shell. */
  baseUrl: string;
  /** The team token of a shared sandbox, sent as `Authorization: Bearer`. */
  token?: string | undefined;
  /** Sent with every call (the shell proxy's secret in tests, say). */
  headers?: Record<string, string>;
  /** Another fetch (a test's); the global one by default. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** A POST that may be sent twice (a reset, a namespace): retried like a GET. */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

export type SandboxCall = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  options?: CallOptions,
) => Promise<T>;

/** Methods a retry cannot apply twice; POSTs that are idempotent say so per call. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * True when the request failed before any answer because the server closed the kept-alive socket
 * as it was reused ("other side closed", a reset): nothing was processed, so a retry is safe.
 */
export function closedBeforeAnswer(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  const codes = ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED'];
  return error instanceof TypeError && codes.includes(cause?.code ?? '');
}

/** The team token from the environment in Node (`SANDBOX_CONTROL_TOKEN`); none in a browser. */
export function tokenFromEnvironment(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.[CONTROL_TOKEN_VARIABLE] || undefined;
}

/**
 * Makes the one call function. An idempotent call (GET, DELETE, or `idempotent: true`) is retried
 * once when the socket closed before any answer: a busy test process may reuse a kept-alive socket
 * just as the server closes it ("fetch failed: other side closed"). A call that is not a success
 * throws `SandboxRequestError` with the platform's `error` and `message`.
 */
export function sandboxHttp(options: SandboxHttpOptions): SandboxCall {
  const fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  const auth: Record<string, string> = options.token
    ? { Authorization: `Bearer ${options.token}` }
    : {};
  return async <T>(method: string, path: string, body?: unknown, call: CallOptions = {}) => {
    const send = () =>
      fetcher(options.baseUrl + path, {
        method,
        headers: {
          'Content-Type': 'application/json',
          ...auth,
          ...options.headers,
          ...call.headers,
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    const retryable = call.idempotent ?? IDEMPOTENT_METHODS.has(method.toUpperCase());
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      if (!retryable || !closedBeforeAnswer(error)) throw error;
      response = await send();
    }
    const answer: unknown = await response.json().catch(() => ({}));
    if (!response.ok) throw requestError(response.status, answer, `${method} ${path}`);
    return answer as T;
  };
}
