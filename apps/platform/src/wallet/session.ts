import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a wallet session lasts; the shell opens a new one when it is refused. */
export const WALLET_SESSION_MS = 12 * 60 * 60_000;

/**
 * Who holds the wallet, as a token the platform signs: `<userId, base64url>.<issued ms>.<hmac>`.
 * The shell gets one from `POST /wallet/v1/session` when the holder changes and sends it with every
 * wallet call, so no call can name another persona. It lives in the shell tab's memory (not a
 * cookie: cookies are shared by every port of 127.0.0.1, and by tabs holding other personas), and
 * it needs no state, so any platform process sharing the data folder accepts it.
 */
export class WalletSessions {
  constructor(
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  open(userId: string): { session: string; expiresAt: string } {
    const issued = this.now();
    const payload = `${Buffer.from(userId).toString('base64url')}.${issued}`;
    return {
      session: `${payload}.${this.#sign(payload)}`,
      expiresAt: new Date(issued + WALLET_SESSION_MS).toISOString(),
    };
  }

  /** The holder's persona id, or why the session is not valid. */
  holder(session: string | undefined): { userId: string } | { problem: string } {
    if (!session) return { problem: 'no wallet session' };
    const [user, issued, mac] = session.split('.');
    if (!user || !issued || !mac) return { problem: 'the wallet session is malformed' };
    const expected = Buffer.from(this.#sign(`${user}.${issued}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { problem: 'the wallet session was not issued by this platform' };
    if (this.now() - Number(issued) > WALLET_SESSION_MS)
      return { problem: 'the wallet session has expired' };
    return { userId: Buffer.from(user, 'base64url').toString() };
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.key).update(`wallet-session:${payload}`).digest('base64url');
  }
}
