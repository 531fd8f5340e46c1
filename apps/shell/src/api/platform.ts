import {
  CONTROL_PATHS,
  WALLET_PATHS,
  type AppsResponse,
  type AuthorizeRequest,
  type AuthorizeResponse,
  type ControlError,
  type GrantsResponse,
  type PersonasResponse,
  type PrepareResponse,
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
  prepare: (body: Omit<AuthorizeRequest, 'decision'>) =>
    request<PrepareResponse>(WALLET_PATHS.prepare, { method: 'POST', body: JSON.stringify(body) }),
  authorize: (body: AuthorizeRequest) =>
    request<AuthorizeResponse>(WALLET_PATHS.authorize, { method: 'POST', body: JSON.stringify(body) }),
  grants: (userId: string) => request<GrantsResponse>(`${WALLET_PATHS.grants}?userId=${encodeURIComponent(userId)}`),
  revokeGrant: (userId: string, appId: string) =>
    request<GrantsResponse>(`${WALLET_PATHS.grants}/${encodeURIComponent(appId)}?userId=${encodeURIComponent(userId)}`, { method: 'DELETE' }),
};
