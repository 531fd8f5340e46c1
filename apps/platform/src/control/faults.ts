import { Router } from 'express';
import { CONTROL_PATHS, type FaultsResponse } from '../deps.js';
import type { Platform } from '../platform.js';
import { namespaceParam } from './namespaceParam.js';

/** Arm, list and clear gateway faults. */
export function faultsRouter(platform: Platform): Router {
  const router = Router();
  const list = (namespace?: string): FaultsResponse => ({ faults: platform.faults.list(namespace) });

  router.get(CONTROL_PATHS.faults, (req, res) => void res.json(list(namespaceParam(req))));
  router.post(CONTROL_PATHS.faults, (req, res) => {
    const fault = platform.faults.add((req.body ?? {}) as Record<string, unknown>);
    res.status(201).json(fault);
  });
  router.delete(CONTROL_PATHS.faults, (req, res) => {
    const namespace = namespaceParam(req);
    if (namespace === undefined) platform.faults.remove();
    else platform.faults.clear(namespace);
    res.json(list(namespace));
  });
  router.delete(`${CONTROL_PATHS.faults}/:id`, (req, res) => {
    platform.faults.remove(String(req.params['id']));
    res.json(list());
  });
  return router;
}
