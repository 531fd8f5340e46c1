/**
 * The peer of the applyToken benchmark: oauth2-mock-server, the closest widely used mock of an
 * authorization server, doing its authorization_code grant. Its token endpoint signs two RS256
 * JWTs per answer (the access token and the id token); applyToken signs one answer and verifies
 * one request.
 *
 * How it is driven (the same way a real OAuth client drives it):
 * - codes: `GET /authorize?response_type=code&client_id=…&redirect_uri=…&scope=…&state=…` answers
 *   302 with `?code=` in its Location; the host collects codes this way before each window, as
 *   the platform's codes are issued before its windows (not timed);
 * - the timed call: `POST /token` (form: grant_type=authorization_code, code, redirect_uri,
 *   client_id), whose JSON answer carries `access_token`, `id_token` and `refresh_token`; the
 *   client checks the status and verifies the id token's RS256 signature with the key from the
 *   server's JWKS (fetched once), as an OpenID client does.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';

export const PEER_CLIENT_ID = 'bench-client';
export const PEER_REDIRECT_URI = 'http://127.0.0.1/callback';

export interface RunningPeer {
  url: string;
  close(): Promise<void>;
}

export async function startPeer(): Promise<RunningPeer> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  // Its issuer names "localhost"; the client calls the address it listens on, as for the others.
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.stop() };
}

/** Asks the peer's authorization endpoint for `n` codes, as a browser's redirect would carry them. */
export async function peerCodes(url: string, n: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: PEER_CLIENT_ID,
      redirect_uri: PEER_REDIRECT_URI,
      scope: 'openid profile',
      state: String(i),
    });
    const response = await fetch(`${url}/authorize?${query}`, { redirect: 'manual' });
    const code = new URL(response.headers.get('location') ?? '', url).searchParams.get('code');
    if (response.status !== 302 || !code)
      throw new Error(`peer /authorize answered ${response.status} without a code`);
    codes.push(code);
  }
  return codes;
}

/** A client of the peer's token endpoint: exchanges a code and verifies the id token it gets. */
export class PeerClient {
  readonly #url: string;
  readonly #keys: Map<string, KeyObject>;

  private constructor(url: string, keys: Map<string, KeyObject>) {
    this.#url = url;
    this.#keys = keys;
  }

  /** Reads the peer's JWKS once (an OpenID client caches it). */
  static async connect(url: string): Promise<PeerClient> {
    const response = await fetch(`${url}/jwks`);
    const { keys } = (await response.json()) as { keys: Array<JsonWebKey & { kid: string }> };
    return new PeerClient(
      url,
      new Map(keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })])),
    );
  }

  async exchange(code: string): Promise<void> {
    const response = await fetch(`${this.#url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: PEER_REDIRECT_URI,
        client_id: PEER_CLIENT_ID,
      }).toString(),
    });
    const body = (await response.json()) as { access_token?: string; id_token?: string };
    if (response.status !== 200 || !body.access_token || !body.id_token)
      throw new Error(`peer /token answered ${response.status}: ${JSON.stringify(body)}`);
    this.#verifyJwt(body.id_token);
  }

  /** RS256 over `header.payload`, with the key the header names. */
  #verifyJwt(jwt: string): void {
    const [header, payload, signature] = jwt.split('.');
    if (!header || !payload || !signature) throw new Error('peer id_token is not a JWT');
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid?: string };
    const key = kid === undefined ? undefined : this.#keys.get(kid);
    if (!key) throw new Error(`peer id_token names an unknown key ${kid}`);
    const signed = Buffer.from(`${header}.${payload}`);
    if (!verify('RSA-SHA256', signed, key, Buffer.from(signature, 'base64url')))
      throw new Error('peer id_token signature does not verify');
  }
}
