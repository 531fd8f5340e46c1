import {
  CONTROL_PATHS,
  WALLET_PATHS,
  type AppsResponse,
  type AuthorizeRequest,
  type AuthorizeResponse,
  type ControlError,
  type PersonasResponse,
} from '@mp-sandbox/protocol';

/** The platform's answer was not a success; `message` says what to fix. */
export class PlatformRequestError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`/platform${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init?.headers },
  });
  const body = (await response.json().catch(() => ({}))) as T | ControlError;
  if (!response.ok) {
    const failure = body as Partial<ControlError>;
    throw new PlatformRequestError(response.status, failure.error ?? 'HTTP_ERROR', failure.message ?? `HTTP ${response.status} from ${path}`);
  }
  return body as T;
}

export const platformApi = {
  apps: () => request<AppsResponse>(CONTROL_PATHS.apps),
  personas: () => request<PersonasResponse>(CONTROL_PATHS.personas),
  authorize: (body: AuthorizeRequest) =>
    request<AuthorizeResponse>(WALLET_PATHS.authorize, { method: 'POST', body: JSON.stringify(body) }),
};
