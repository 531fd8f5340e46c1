import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createOpenApiClient, ensureKeyPair, PlatformApiError, type OpenApiClient } from '@mp-sandbox/openapi-client';
import type { UserInfo } from '@mp-sandbox/protocol';
import type { MerchantOptions } from './config.js';
import { openMerchantStore, type CustomerTokens } from './store.js';

export interface RunningMerchant {
  url: string;
  close(): Promise<void>;
}

/** What the mini program gets back: a session handle and what to show, never the tokens. */
interface LoginAnswer {
  sessionId: string;
  displayName: string;
  user: UserInfo;
}

function displayNameOf(user: UserInfo): string {
  return user.userName?.fullName || user.nickName || `customer ${user.userId}`;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function cors(allowed: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && allowed.includes(origin)) {
      res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' });
    }
    if (req.method === 'OPTIONS') return void res.sendStatus(204);
    next();
  };
}

/**
 * The sample merchant server: step 2 to 4 of the flow. It takes the mini program's authCode,
 * exchanges it with the platform (signed), keeps the tokens, and answers with the user's profile.
 */
export async function startMerchant(options: MerchantOptions): Promise<RunningMerchant> {
  const keys = ensureKeyPair(options.keysDir, options.keyName);
  const db = await openMerchantStore(options.dataDir);
  const platform: OpenApiClient = createOpenApiClient({
    gatewayUrl: options.gatewayUrl,
    clientId: options.clientId,
    keyVersion: options.keyVersion,
    privateKey: keys.privateKey,
    // Read when first needed: the platform creates its key when it first starts.
    platformPublicKey: () => readFileSync(options.platformPublicKeyFile, 'utf8'),
  });

  async function save(tokens: Omit<CustomerTokens, 'updatedAt'>, sessionId?: string): Promise<void> {
    db.data.customers[tokens.customerId] = { ...tokens, updatedAt: new Date().toISOString() };
    if (sessionId) db.data.sessions[sessionId] = tokens.customerId;
    await db.write();
  }

  /** The customer's profile, refreshing the access token once when the platform says it expired. */
  async function profileOf(customer: CustomerTokens): Promise<UserInfo> {
    try {
      const { userInfo } = await platform.inquiryUserInfo({ appId: options.appId, authClientId: options.clientId, accessToken: customer.accessToken });
      return userInfo!;
    } catch (error) {
      if (!(error instanceof PlatformApiError) || error.code !== 'EXPIRED_ACCESS_TOKEN') throw error;
      const fresh = await platform.applyToken({ appId: options.appId, authClientId: options.clientId, grantType: 'REFRESH_TOKEN', refreshToken: customer.refreshToken });
      const tokens = { ...customer, ...pick(fresh) };
      await save(tokens);
      const { userInfo } = await platform.inquiryUserInfo({ appId: options.appId, authClientId: options.clientId, accessToken: tokens.accessToken });
      return userInfo!;
    }
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(cors(options.allowedOrigins));
  app.use(express.json({ limit: '16kb' }));

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok', part: 'merchant' }));

  app.post('/api/login', async (req, res) => {
    const authCode = (req.body as { authCode?: unknown } | undefined)?.authCode;
    if (typeof authCode !== 'string' || authCode === '') throw new HttpError(400, 'MISSING_AUTH_CODE', 'send { "authCode": "..." } from my.getAuthCode');
    const token = await platform.applyToken({ appId: options.appId, authClientId: options.clientId, grantType: 'AUTHORIZATION_CODE', authCode });
    const sessionId = randomBytes(16).toString('hex');
    const tokens = { customerId: token.customerId!, ...pick(token) };
    await save(tokens, sessionId);
    const user = await profileOf({ ...tokens, updatedAt: '' });
    const answer: LoginAnswer = { sessionId, displayName: displayNameOf(user), user };
    res.json(answer);
  });

  app.get('/api/me', async (req, res) => {
    const sessionId = req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    const customerId = db.data.sessions[sessionId];
    const customer = customerId ? db.data.customers[customerId] : undefined;
    if (!customer) throw new HttpError(401, 'NOT_SIGNED_IN', 'no such session; log in with the wallet again');
    const user = await profileOf(customer);
    res.json({ sessionId, displayName: displayNameOf(user), user });
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HttpError) return void res.status(error.status).json({ error: error.code, message: error.message });
    if (error instanceof PlatformApiError) {
      return void res.status(error.retryable ? 503 : 401).json({ error: error.resultCode, message: error.resultMessage });
    }
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status < 500) return void res.status(status).json({ error: 'BAD_REQUEST', message: (error as Error).message });
    console.error('[merchant]', error);
    res.status(502).json({ error: 'PLATFORM_UNREACHABLE', message: (error as Error).message });
  });

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pick(token: { accessToken?: string; accessTokenExpiryTime?: string; refreshToken?: string; refreshTokenExpiryTime?: string }) {
  return {
    accessToken: token.accessToken!,
    accessTokenExpiryTime: token.accessTokenExpiryTime!,
    refreshToken: token.refreshToken!,
    refreshTokenExpiryTime: token.refreshTokenExpiryTime!,
  };
}
