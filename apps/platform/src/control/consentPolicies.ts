import { Router } from 'express';
import { CONTROL_PATHS, consentPolicyBodySchema, type ConsentPoliciesResponse } from '../deps.js';
import { readBody } from '../http/readBody.js';
import type { Platform } from '../platform.js';
import { namespaceParam } from './namespaceParam.js';

/** Consent policies: what the wallet answers instead of showing the sheet. */
export function consentPoliciesRouter(platform: Platform): Router {
  const router = Router();
  const list = async (namespace?: string): Promise<ConsentPoliciesResponse> => ({
    policies: await platform.policies.list(namespace),
  });

  router.get(
    CONTROL_PATHS.consentPolicies,
    async (req, res) => void res.json(await list(namespaceParam(req))),
  );
  router.post(CONTROL_PATHS.consentPolicies, async (req, res) => {
    res
      .status(201)
      .json(
        await platform.policies.add(
          readBody(
            consentPolicyBodySchema,
            (req.body ?? {}) as Record<string, unknown>,
            'INVALID_POLICY',
          ),
        ),
      );
  });
  router.delete(CONTROL_PATHS.consentPolicies, async (req, res) => {
    const namespace = namespaceParam(req);
    if (namespace === undefined) await platform.policies.remove();
    else await platform.policies.clear(namespace);
    res.json(await list(namespace));
  });
  router.delete(`${CONTROL_PATHS.consentPolicies}/:id`, async (req, res) => {
    await platform.policies.remove(String(req.params['id']));
    res.json(await list());
  });
  return router;
}
