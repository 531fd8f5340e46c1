import { createPrivateKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { clockRouter } from './control/clock.js';
import { consentPoliciesRouter } from './control/consentPolicies.js';
import { namespacesRouter } from './control/namespaces.js';
import { eventStreamRouter } from './control/eventStream.js';
import { faultsRouter } from './control/faults.js';
import { controlRouter } from './control/index.js';
import { controlErrorHandler, sendApiError } from './http/errorHandler.js';
import { registryRouter } from './control/registryRoutes.js';
import { reportedEventsRouter } from './control/reportedEvents.js';
import { answerWhenDurable } from './durableAnswers.js';
import { directGateway, openApiRouter } from './openapi/index.js';
import { createPlatform, type Platform } from './platform.js';
import { seedOf, seedPlatform } from './seed/seedData.js';
import { openStore } from './store/openStore.js';
import { walletRouter } from './wallet/index.js';
import { accessGuard } from './access/guard.js';
import { platformSecrets } from './store/sharedSecrets.js';
import { accessPolicyFromEnv, HEALTH_PATHS } from './deps.js';
import { ensureTls } from './tls.js';
import { sharedTlsCa } from './store/sharedTls.js';
import type { PlatformOptions } from './config.js';

export interface RunningPlatform {
  url: string;
  port: number;
  platform: Platform;
  /** What the shell's proxy adds to wallet calls (kept in `<keys dir>/shell-proxy.secret`). */
  shellSecret: string;
  /** The HTTPS gateway, when it listens: its URL and the CA file merchants trust. */
  tls?: { url: string; port: number; caFile: string };
  close(): Promise<void>;
}

/** Starts the platform on `options.host:options.port` (0 = a free port) and resolves when it listens. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  // The edge: the store, the keys and the seed are made here, and the core is wired over them.
  const store = await openStore(options);
  // On a database, every replica signs with the one key pair kept there (the first one made it),
  // and knows the one secret of the shell's proxy, which also signs wallet sessions.
  const { keys: pair, shellSecret } = await platformSecrets(store, options.keysDir);
  const { privateKey, publicKey, publicKeyFile } = pair;
  const seed = seedOf(options);
  const platform = createPlatform(options, {
    store,
    seed,
    keys: { signingKey: createPrivateKey(privateKey), publicKey, publicKeyFile },
  });
  await seedPlatform(platform, seed);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(answerWhenDurable(platform.store));
  app.get('/', (_req, res) => {
    res.json({
      name: 'mini program auth sandbox: platform',
      gateway: '/v2/... and /api/open/v2/...',
      control: HEALTH_PATHS.platform,
    });
  });
  // The gateway first: merchant calls are the hot path and should not walk the control routes.
  app.use(openApiRouter(platform));
  // The lock on the control and wallet APIs (host, origin, token, the shell's proxy secret).
  const access =
    options.access ?? accessPolicyFromEnv({ SANDBOX_HOST: options.publicHost ?? options.host });
  app.use(['/sandbox', '/wallet'], accessGuard(access, shellSecret));
  // Only the control and wallet APIs parse JSON: the gateway needs the raw bytes that were signed.
  app.use(['/sandbox', '/wallet'], express.json({ limit: '256kb' }));
  app.use(
    controlRouter(platform),
    clockRouter(platform),
    faultsRouter(platform),
    registryRouter(platform),
    eventStreamRouter(platform),
    namespacesRouter(platform),
    consentPoliciesRouter(platform),
  );
  app.use(reportedEventsRouter(platform));
  app.use(walletRouter(platform, shellSecret));
  app.use(/^\/(sandbox|wallet)\//, controlErrorHandler(options.log));
  app.use((req, res) => {
    sendApiError(
      req,
      res,
      'NOT_FOUND',
      `no route ${req.method} ${req.path}; the gateway answers POST /v1/... and /v2/..., the control API /sandbox/v1/...`,
    );
  });
  app.use(controlErrorHandler(options.log));

  // Merchant calls to an API's exact path are answered before express's generic stack (the hot
  // path: the same steps and bytes, less machinery); everything else goes to the app.
  const gateway = directGateway(platform);
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (!gateway(req, res)) app(req, res);
  };
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Idle sockets outlive the clients' (Node's fetch keeps one 4 s; proxies and load balancers up to
  // 60 s), so a client never sends on a socket the server is closing ("other side closed").
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 75_000;
  server.headersTimeout = server.keepAliveTimeout + 5_000;
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.publicHost ?? options.host}:${port}`;
  // Behind a balancer the URLs in answers (avatars, the OpenAPI document) name the balancer.
  platform.publicUrl = options.publicUrl ?? url;
  let tls: Awaited<ReturnType<typeof listenTls>>;
  try {
    const sharedCa = options.tls && (await sharedTlsCa(store, options.tls.dir));
    tls = await listenTls(listener, options, sharedCa);
  } catch (error) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await platform.store.close();
    throw error;
  }
  // Set also when this process serves no HTTPS: a balancer in front may terminate it.
  const publicTlsUrl = options.publicTlsUrl ?? tls?.url;
  if (publicTlsUrl) platform.publicTlsUrl = publicTlsUrl;
  const purge = () =>
    Promise.all([
      platform.authorizations.purge(options.purgeGraceMs),
      platform.consentRequests.sweep(),
    ]).catch((error: unknown) =>
      options.log(`[platform] purge failed: ${(error as Error).message}`),
    );
  void purge();
  const purger = setInterval(purge, 10 * 60_000).unref();
  return {
    url,
    port,
    platform,
    shellSecret,
    ...(tls && { tls: { url: tls.url, port: tls.port, caFile: tls.caFile } }),
    async close() {
      clearInterval(purger);
      if (tls) {
        tls.server.closeAllConnections();
        await new Promise<void>((resolve) => tls.server.close(() => resolve()));
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.store.close();
    },
  };
}

/**
 * The same app over HTTPS, with a certificate of the sandbox's own CA (made at first start). When
 * the port is only the default and is taken (another sandbox), HTTP goes on alone, with a warning.
 */
async function listenTls(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  options: PlatformOptions,
  sharedCa: Parameters<typeof ensureTls>[2],
) {
  if (!options.tls) return undefined;
  const material = ensureTls(options.tls.dir, options.tls.hostNames, sharedCa);
  const server = createHttpsServer({ key: material.key, cert: material.cert }, listener);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.tls!.port, options.host, () => resolve());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && options.tls.optional) {
      options.log(
        `[platform] HTTPS is off: port ${options.tls.port} is taken; set PLATFORM_TLS_PORT (or ports.platformTls) to serve it elsewhere`,
      );
      return undefined;
    }
    throw error;
  }
  // The same keep-alive as the HTTP server's (see there).
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 75_000;
  server.headersTimeout = server.keepAliveTimeout + 5_000;
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `https://${options.publicHost ?? options.host}:${port}`,
    caFile: material.caFile,
  };
}
