import { Router } from 'express';
import { CONTROL_PATHS, type FaultsResponse } from '../deps.js';
import type { Platform } from '../platform.js';
import { namespaceParam } from './namespaceParam.js';

/** Arm, list and clear gateway faults. */
export function faultsRouter(platform: Platform): Router {
  const router = Router();
  const list = async (namespace?: string): Promise<FaultsResponse> => ({
    faults: await platform.faults.list(namespace),
  });

  router.get(
    CONTROL_PATHS.faults,
    async (req, res) => void res.json(await list(namespaceParam(req))),
  );
  router.post(CONTROL_PATHS.faults, async (req, res) => {
    const fault = await platform.faults.add((req.body ?? {}) as Record<string, unknown>);
    res.status(201).json(fault);
  });
  router.delete(CONTROL_PATHS.faults, async (req, res) => {
    const namespace = namespaceParam(req);
    if (namespace === undefined) await platform.faults.remove();
    else await platform.faults.clear(namespace);
    res.json(await list(namespace));
  });
  router.delete(`${CONTROL_PATHS.faults}/:id`, async (req, res) => {
    await platform.faults.remove(String(req.params['id']));
    res.json(await list());
  });
  return router;
}
