import { Router } from 'express';
import { CONTROL_PATHS, type FaultsResponse } from '../deps.js';
import type { Platform } from '../platform.js';

/** Arm, list and clear gateway faults. */
export function faultsRouter(platform: Platform): Router {
  const router = Router();
  const list = (): FaultsResponse => ({ faults: platform.faults.list() });

  router.get(CONTROL_PATHS.faults, (_req, res) => void res.json(list()));
  router.post(CONTROL_PATHS.faults, (req, res) => {
    const fault = platform.faults.add((req.body ?? {}) as Record<string, unknown>);
    res.status(201).json(fault);
  });
  router.delete(CONTROL_PATHS.faults, (_req, res) => {
    platform.faults.remove();
    res.json(list());
  });
  router.delete(`${CONTROL_PATHS.faults}/:id`, (req, res) => {
    platform.faults.remove(String(req.params['id']));
    res.json(list());
  });
  return router;
}
