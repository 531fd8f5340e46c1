/**
 * Vet Visits' merchant server: TypeScript against the installed @mp-sandbox/openapi-client only
 * (compiled with tsc, run with node). node:http, no framework.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import {
  createOpenApiClient,
  createTokenManager,
  MemoryTokenStore,
  PlatformApiError,
  ReauthorizationRequiredError,
} from '@mp-sandbox/openapi-client';

const gatewayUrl = `http://127.0.0.1:${process.env['PLATFORM_PORT'] ?? '7701'}`;
const allowedOrigin = `http://127.0.0.1:${process.env['VET_MINI_PROGRAM_PORT'] ?? '5173'}`;
const clientId = '2024VETVISITS0001';
const appId = '4444020099900001';

const { publicKey: platformPublicKey } = (await (
  await fetch(`${gatewayUrl}/sandbox/v1/keys/platform`)
).json()) as { publicKey: string };
const client = createOpenApiClient({
  gatewayUrl,
  clientId,
  keyVersion: '1',
  privateKey: readFileSync(new URL('../../keys/vet-visits.private.pem', import.meta.url), 'utf8'),
  platformPublicKey,
});
const tokens = createTokenManager({
  client,
  store: new MemoryTokenStore(),
  appId,
  authClientId: clientId,
});
const sessions = new Map<string, string>();

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': allowedOrigin,
    'Access-Control-Allow-Headers': 'Content-Type',
  });
  res.end(JSON.stringify(body));
}

async function nameOf(customerId: string): Promise<string> {
  const user = await tokens.userInfo(customerId);
  return user.userName?.fullName ?? user.nickName ?? 'you';
}

const routes: Record<string, (body: Record<string, string>) => Promise<unknown>> = {
  '/api/login': async ({ authCode }) => {
    const { customerId } = await tokens.login(String(authCode));
    const session = randomBytes(8).toString('hex');
    sessions.set(session, customerId);
    return { session, name: await nameOf(customerId) };
  },
  '/api/phone': async ({ authCode }) => {
    await tokens.login(String(authCode), { scopes: ['PLAINTEXT_MOBILE_PHONE'] });
    return { phone: 'shared' };
  },
  '/api/profile': async ({ session }) => {
    const customerId = sessions.get(String(session));
    if (!customerId) throw new ReauthorizationRequiredError('unknown', 'NO_TOKENS');
    return { name: await nameOf(customerId) };
  },
};

createServer((req, res) => {
  if (req.method === 'OPTIONS') return send(res, 204, {});
  if (req.url === '/healthz') return send(res, 200, { status: 'ok' });
  const route = routes[req.url ?? ''];
  if (!route || req.method !== 'POST') return send(res, 404, { error: 'NOT_FOUND' });
  let raw = '';
  req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  req.on('end', () => {
    route(JSON.parse(raw || '{}') as Record<string, string>).then(
      (answer) => send(res, 200, answer),
      (error: unknown) => {
        if (error instanceof ReauthorizationRequiredError)
          return send(res, 401, { error: 'LOGIN_REQUIRED' });
        if (error instanceof PlatformApiError) return send(res, 502, { error: error.resultCode });
        send(res, 500, { error: String(error) });
      },
    );
  });
}).listen(Number(process.env['VET_MERCHANT_PORT'] ?? 3000), '127.0.0.1');
