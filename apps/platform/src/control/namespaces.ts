import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { CONTROL_PATHS, type NamespaceResponse } from '../deps.js';
import type { Platform } from '../platform.js';

/** Namespaces for parallel test workers: create (or reset) one, list them, remove one. */
export function namespacesRouter(platform: Platform): Router {
  const router = Router();
  router.get(
    CONTROL_PATHS.namespaces,
    async (_req, res) => void res.json({ namespaces: await platform.namespaces.list() }),
  );
  router.post(CONTROL_PATHS.namespaces, async (req, res) => {
    const requested = (req.body as Record<string, unknown> | undefined)?.['name'];
    const name =
      typeof requested === 'string' && requested !== ''
        ? requested
        : `ns${randomBytes(3).toString('hex')}`;
    const answer: NamespaceResponse = {
      namespace: name,
      personas: await platform.namespaces.create(name),
    };
    res.status(201).json(answer);
  });
  router.delete(`${CONTROL_PATHS.namespaces}/:name`, async (req, res) => {
    await platform.namespaces.remove(String(req.params['name']));
    res.json({ namespaces: await platform.namespaces.list() });
  });
  return router;
}
