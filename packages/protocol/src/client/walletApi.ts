import { WALLET_SESSION_HEADER } from '../access.js';
import {
  WALLET_PATHS,
  type AuthorizeRequest,
  type AuthorizeResponse,
  type GrantsResponse,
  type PrepareRequest,
  type PrepareResponse,
  type WalletSessionResponse,
} from '../sandboxApi.js';
import { SandboxRequestError } from './errors.js';
import type { SandboxCall } from './http.js';

/**
 * The wallet API (`/wallet/v1`) as the wallet shell calls it, for the persona holding the wallet.
 * The platform takes the persona from the session, never from a field of the call. Sessions live
 * in this object's memory only (one per persona that has held the wallet), so two browser tabs
 * may hold the wallet as two personas. A session the platform no longer knows is renewed once.
 */
export function walletApi(call: SandboxCall) {
  const sessions = new Map<string, Promise<string | undefined>>();

  function sessionOf(userId: string): Promise<string | undefined> {
    let session = sessions.get(userId);
    if (!session) {
      session = call<WalletSessionResponse>('POST', WALLET_PATHS.session, { userId }).then(
        (answer) => (typeof answer.session === 'string' ? answer.session : undefined),
        // The call itself then fails with the platform's reason.
        () => undefined,
      );
      sessions.set(userId, session);
      void session.then((value) => value === undefined && sessions.delete(userId));
    }
    return session;
  }

  async function as<T>(userId: string, method: string, path: string, body?: unknown): Promise<T> {
    const send = async () => {
      const session = await sessionOf(userId);
      return call<T>(method, path, body, {
        headers: session ? { [WALLET_SESSION_HEADER]: session } : {},
      });
    };
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof SandboxRequestError) || error.error !== 'NO_WALLET_SESSION')
        throw error;
      sessions.delete(userId);
      return send();
    }
  }

  const grantsPath = (userId: string, appId?: string) =>
    `${WALLET_PATHS.grants}${appId ? `/${encodeURIComponent(appId)}` : ''}?userId=${encodeURIComponent(userId)}`;
  return {
    /** The session the platform gave `userId` (opened on first use). */
    session: sessionOf,
    /** What the sheet must ask, and the one-time consent request the decision goes to. */
    prepare: (userId: string, body: PrepareRequest) =>
      as<PrepareResponse>(userId, 'POST', WALLET_PATHS.prepare, body),
    authorize: (userId: string, body: AuthorizeRequest) =>
      as<AuthorizeResponse>(userId, 'POST', WALLET_PATHS.authorize, body),
    /** Takes back a code whose caller gave up before receiving it. */
    withdrawAuthCode: (userId: string, authCode: string) =>
      as<{ withdrawn: string }>(userId, 'POST', WALLET_PATHS.withdrawAuthCode, { authCode }),
    grants: (userId: string) => as<GrantsResponse>(userId, 'GET', grantsPath(userId)),
    revokeGrant: (userId: string, appId: string) =>
      as<GrantsResponse>(userId, 'DELETE', grantsPath(userId, appId)),
  };
}

export type WalletApi = ReturnType<typeof walletApi>;
