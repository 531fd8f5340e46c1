import type { AddressInfo } from 'node:net';
import express from 'express';
import { controlErrorHandler, controlRouter } from './control/index.js';
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
  app.get('/', (_req, res) => {
    res.json({ name: 'mini program auth sandbox: platform', gateway: '/v2/... and /api/open/v2/...', control: '/sandbox/v1/health' });
  });
  app.use(controlRouter(platform));
  app.use(walletRouter(platform));
  app.use(/^\/(sandbox|wallet)\//, controlErrorHandler(platform));
  app.use(openApiRouter(platform));
  app.use((req, res) => {
    res.status(404).json({ error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}; the gateway answers POST /v1/... and /v2/..., the control API /sandbox/v1/...` });
  });
  app.use(controlErrorHandler(platform));

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  platform.publicUrl = url;
  return {
    url,
    port,
    platform,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.store.close();
    },
  };
}
