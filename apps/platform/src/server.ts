import type { AddressInfo } from 'node:net';
import express from 'express';
import { clockRouter } from './control/clock.js';
import { consentPoliciesRouter } from './control/consentPolicies.js';
import { namespacesRouter } from './control/namespaces.js';
import { eventStreamRouter } from './control/eventStream.js';
import { faultsRouter } from './control/faults.js';
import { controlErrorHandler, controlRouter } from './control/index.js';
import { registryRouter } from './control/registryRoutes.js';
import { reportedEventsRouter } from './control/reportedEvents.js';
import { answerWhenDurable } from './durableAnswers.js';
import { openApiRouter } from './openapi/index.js';
import { createPlatform, type Platform } from './platform.js';
import { walletRouter } from './wallet/index.js';
import type { PlatformOptions } from './config.js';

export interface RunningPlatform {
  url: string;
  port: number;
  platform: Platform;
  close(): Promise<void>;
}

/** Starts the platform on `options.host:options.port` (0 = a free port) and resolves when it listens. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const platform = await createPlatform(options);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(answerWhenDurable(platform.store));
  app.get('/', (_req, res) => {
    res.json({ name: 'mini program auth sandbox: platform', gateway: '/v2/... and /api/open/v2/...', control: '/sandbox/v1/health' });
  });
  // The gateway first: merchant calls are the hot path and should not walk the control routes.
  app.use(openApiRouter(platform));
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
  app.use(walletRouter(platform));
  app.use(/^\/(sandbox|wallet)\//, controlErrorHandler(platform));
  app.use((req, res) => {
    res.status(404).json({ error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}; the gateway answers POST /v1/... and /v2/..., the control API /sandbox/v1/...` });
  });
  app.use(controlErrorHandler(platform));

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.publicHost ?? options.host}:${port}`;
  platform.publicUrl = url;
  const purge = () => platform.authorizations.purge(options.purgeGraceMs);
  purge();
  const purger = setInterval(purge, 10 * 60_000).unref();
  return {
    url,
    port,
    platform,
    async close() {
      clearInterval(purger);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.store.close();
    },
  };
}
