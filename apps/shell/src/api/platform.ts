import {
  CONTROL_PATHS,
  WALLET_PATHS,
  WALLET_SESSION_HEADER,
  type AppsResponse,
  type WalletsResponse,
  type AuthorizeRequest,
  type AuthorizeResponse,
  type ControlError,
  type GrantsResponse,
  type PersonasResponse,
  type PrepareRequest,
  type PrepareResponse,
  type WalletSessionResponse,
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

/**
 * The wallet sessions of this tab, one per persona that has held the wallet. The platform takes the
 * persona from the session, never from a field of the call; a tab's sessions live in its memory
 * only, so two tabs may hold the wallet as two personas.
 */
const sessions = new Map<string, Promise<string | undefined>>();

function sessionOf(userId: string): Promise<string | undefined> {
  let session = sessions.get(userId);
  if (!session) {
    session = request<WalletSessionResponse>(WALLET_PATHS.session, { method: 'POST', body: JSON.stringify({ userId }) }).then(
      (answer) => (typeof answer.session === 'string' ? answer.session : undefined),
      // The call itself then fails with the platform's reason.
      () => undefined,
    );
    sessions.set(userId, session);
    void session.then((value) => value === undefined && sessions.delete(userId));
  }
  return session;
}

/** A wallet call as `userId`, the wallet's holder; a session the platform no longer knows is renewed once. */
async function walletRequest<T>(userId: string, path: string, init?: RequestInit): Promise<T> {
  const send = async () => {
    const session = await sessionOf(userId);
    return request<T>(path, { ...init, headers: { ...init?.headers, ...(session && { [WALLET_SESSION_HEADER]: session }) } });
  };
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof PlatformRequestError) || error.error !== 'NO_WALLET_SESSION') throw error;
    sessions.delete(userId);
    return send();
  }
}

export const platformApi = {
  apps: () => request<AppsResponse>(CONTROL_PATHS.apps),
  personas: () => request<PersonasResponse>(CONTROL_PATHS.personas),
  wallets: () => request<WalletsResponse>(CONTROL_PATHS.wallets),
  /** What the sheet must ask, and the one-time consent request the decision goes to. */
  prepare: (userId: string, body: PrepareRequest) =>
    walletRequest<PrepareResponse>(userId, WALLET_PATHS.prepare, { method: 'POST', body: JSON.stringify(body) }),
  authorize: (userId: string, body: AuthorizeRequest) =>
    walletRequest<AuthorizeResponse>(userId, WALLET_PATHS.authorize, { method: 'POST', body: JSON.stringify(body) }),
  /** Takes back a code whose caller gave up before receiving it. */
  withdrawAuthCode: (userId: string, authCode: string) =>
    walletRequest<{ withdrawn: string }>(userId, WALLET_PATHS.withdrawAuthCode, { method: 'POST', body: JSON.stringify({ authCode }) }),
  grants: (userId: string) => walletRequest<GrantsResponse>(userId, `${WALLET_PATHS.grants}?userId=${encodeURIComponent(userId)}`),
  revokeGrant: (userId: string, appId: string) =>
    walletRequest<GrantsResponse>(userId, `${WALLET_PATHS.grants}/${encodeURIComponent(appId)}?userId=${encodeURIComponent(userId)}`, { method: 'DELETE' }),
};
