import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  createOpenApiClient,
  createTokenManager,
  ensureKeyPair,
  PlatformApiError,
  ReauthorizationRequiredError,
} from '@mp-sandbox/openapi-client';
import { HEALTH_PATHS, type UserInfo } from '@mp-sandbox/protocol';
import type { MerchantOptions } from './config.js';
import { lowdbTokenStore, openMerchantDb } from './store.js';

export interface RunningMerchant {
  url: string;
  close(): Promise<void>;
}

/** What the mini program gets back: a session handle and what to show, never the tokens. */
interface SessionAnswer {
  sessionId: string;
  displayName: string;
  user: UserInfo;
}

function displayNameOf(user: UserInfo): string {
  return user.userName?.fullName || user.nickName || `customer ${user.userId}`;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function cors(allowed: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && allowed.includes(origin)) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        Vary: 'Origin',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization',
      });
    }
    if (req.method === 'OPTIONS') return void res.sendStatus(204);
    next();
  };
}

/**
 * The sample merchant server: steps 2 to 4 of the flow, written as a real merchant would with the
 * SDK. It takes the mini program's authCode, exchanges it (signed), keeps the tokens in its own
 * store, and answers with the user's profile; later calls refresh the token when it expires.
 */
export async function startMerchant(options: MerchantOptions): Promise<RunningMerchant> {
  const keys = ensureKeyPair(options.keysDir, options.keyName);
  const db = await openMerchantDb(options.dataDir);
  const client = createOpenApiClient({
    gatewayUrl: options.gatewayUrl,
    clientId: options.clientId,
    keyVersion: options.keyVersion,
    privateKey: keys.privateKey,
    // Read when first needed: the platform creates its key when it first starts.
    platformPublicKey: () => readFileSync(options.platformPublicKeyFile, 'utf8'),
  });
  const tokens = createTokenManager({
    client,
    store: lowdbTokenStore(db),
    appId: options.appId,
    authClientId: options.clientId,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(cors(options.allowedOrigins));
  app.use(express.json({ limit: '16kb' }));

  app.get(HEALTH_PATHS.merchant, (_req, res) => void res.json({ status: 'ok', part: 'merchant' }));

  app.post('/api/login', async (req, res) => {
    const authCode = (req.body as { authCode?: unknown } | undefined)?.authCode;
    if (typeof authCode !== 'string' || authCode === '')
      throw new HttpError(
        400,
        'MISSING_AUTH_CODE',
        'send { "authCode": "..." } from my.getAuthCode',
      );
    const { customerId } = await tokens.login(authCode);
    const sessionId = randomBytes(16).toString('hex');
    db.data.sessions[sessionId] = customerId;
    await db.write();
    const user = await tokens.userInfo(customerId);
    const answer: SessionAnswer = { sessionId, displayName: displayNameOf(user), user };
    res.json(answer);
  });

  app.get('/api/me', async (req, res) => {
    const sessionId = req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    const customerId = db.data.sessions[sessionId];
    if (!customerId)
      throw new HttpError(401, 'NOT_SIGNED_IN', 'no such session; log in with the wallet again');
    const user = await tokens.userInfo(customerId);
    const answer: SessionAnswer = { sessionId, displayName: displayNameOf(user), user };
    res.json(answer);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HttpError)
      return void res.status(error.status).json({ error: error.code, message: error.message });
    if (error instanceof ReauthorizationRequiredError) {
      return void res.status(401).json({
        error: 'LOGIN_REQUIRED',
        message: `the authorization ended (${error.reason}); ask the user again with my.getAuthCode`,
      });
    }
    if (error instanceof PlatformApiError) {
      return void res
        .status(error.retryable ? 503 : 401)
        .json({ error: error.resultCode, message: error.resultMessage });
    }
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status < 500)
      return void res
        .status(status)
        .json({ error: 'BAD_REQUEST', message: (error as Error).message });
    console.error('[merchant]', error);
    res.status(502).json({ error: 'PLATFORM_UNREACHABLE', message: (error as Error).message });
  });

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
  });
  // Idle sockets outlive the clients' (Node's fetch keeps one up to 4 s, proxies up to 60 s): a
  // client must never send on a socket this server is closing ("other side closed").
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 80_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
