import { Router } from 'express';
import { CONTROL_PATHS, faultBodySchema, type FaultsResponse } from '../deps.js';
import { readBody } from '../http/readBody.js';
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
    const fault = await platform.faults.add(
      readBody(faultBodySchema, (req.body ?? {}) as Record<string, unknown>, 'INVALID_FAULT'),
    );
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
