import { Router } from 'express';
import { CONTROL_PATHS } from '../deps.js';
import { readApp, readClient, readPersona } from '../domain/registryInput.js';
import { bodyOf } from '../http/body.js';
import type { Platform } from '../platform.js';

/**
 * Create and update personas, mini programs and merchant clients at run time. They last until a
 * reset; what `sandbox.config.json` registers comes back on every start. The registry writes them
 * (and refuses duplicates and unknown ids); this router only reads the bodies.
 */
export function registryRouter(platform: Platform): Router {
  const router = Router();
  const { registry } = platform;

  router.post(CONTROL_PATHS.personas, async (req, res) => {
    res.status(201).json(await registry.addPersona(readPersona(bodyOf(req))));
  });
  router.patch(`${CONTROL_PATHS.personas}/:id`, async (req, res) => {
    const body = bodyOf(req);
    res.json(
      await registry.updatePersona(String(req.params['id']), (existing) =>
        readPersona(body, existing),
      ),
    );
  });

  router.post(CONTROL_PATHS.apps, async (req, res) => {
    res.status(201).json(await registry.addApp(readApp(bodyOf(req))));
  });
  router.patch(`${CONTROL_PATHS.apps}/:appId`, async (req, res) => {
    const body = bodyOf(req);
    res.json(
      await registry.updateApp(String(req.params['appId']), (existing) => readApp(body, existing)),
    );
  });

  router.get(
    CONTROL_PATHS.clients,
    async (_req, res) => void res.json({ clients: await registry.clients() }),
  );
  router.post(CONTROL_PATHS.clients, async (req, res) => {
    res.status(201).json(await registry.addClient(readClient(bodyOf(req))));
  });
  router.patch(`${CONTROL_PATHS.clients}/:clientId`, async (req, res) => {
    const body = bodyOf(req);
    res.json(
      await registry.updateClient(String(req.params['clientId']), (existing) =>
        readClient(body, existing),
      ),
    );
  });

  return router;
}
