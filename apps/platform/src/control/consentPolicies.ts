import { Router } from 'express';
import { CONTROL_PATHS, type ConsentPoliciesResponse } from '../deps.js';
import type { Platform } from '../platform.js';
import { namespaceParam } from './namespaceParam.js';

/** Consent policies: what the wallet answers instead of showing the sheet. */
export function consentPoliciesRouter(platform: Platform): Router {
  const router = Router();
  const list = (namespace?: string): ConsentPoliciesResponse => ({ policies: platform.policies.list(namespace) });

  router.get(CONTROL_PATHS.consentPolicies, (req, res) => void res.json(list(namespaceParam(req))));
  router.post(CONTROL_PATHS.consentPolicies, (req, res) => {
    res.status(201).json(platform.policies.add((req.body ?? {}) as Record<string, unknown>));
  });
  router.delete(CONTROL_PATHS.consentPolicies, (req, res) => {
    const namespace = namespaceParam(req);
    if (namespace === undefined) platform.policies.remove();
    else platform.policies.clear(namespace);
    res.json(list(namespace));
  });
  router.delete(`${CONTROL_PATHS.consentPolicies}/:id`, (req, res) => {
    platform.policies.remove(String(req.params['id']));
    res.json(list());
  });
  return router;
}
