import { Router, type Request } from 'express';
import {
  consentConflict,
  SCOPE_REFUSED,
  scopesNeedingConsent,
  WALLET_PATHS,
  type AuthorizeResponse,
  type GrantsResponse,
  type MiniProgramApp,
  type PrepareResponse,
  type ScopeName,
} from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import { newCorrelationId } from '../domain/ids.js';
import { checkRequestedScopes } from '../domain/scopeRequest.js';
import type { Platform } from '../platform.js';
import { appAndPersona } from '../control/index.js';

function bodyOf(req: Request): Record<string, unknown> {
  return (req.body ?? {}) as Record<string, unknown>;
}

/** The consent part of a request, refused when it would put basic info and phone in one sheet. */
function consentPart(app: MiniProgramApp, scopes: ScopeName[]): ScopeName[] {
  const consent = scopesNeedingConsent(scopes, app);
  const conflict = consentConflict(consent);
  if (conflict) throw new ControlApiError(400, 'CONSENT_CONFLICT', conflict);
  return consent;
}

/**
 * The wallet backend the shell talks to. `prepare` says which scopes the consent sheet must ask
 * for (none for silent scopes and for scopes the user already granted); `authorize` records the
 * user's decision and, on allow, issues the authCode bound to the app.
 */
export function walletRouter(platform: Platform): Router {
  const router = Router();

  router.post(WALLET_PATHS.prepare, (req, res) => {
    const body = bodyOf(req);
    const { app, persona } = appAndPersona(platform, body);
    const scopes = checkRequestedScopes(app, body['scopes']);
    const ask = platform.grants.notYetGranted(persona.id, app.appId, consentPart(app, scopes));
    const policy = ask.length > 0 ? platform.policies.decide({ namespace: persona.namespace, appId: app.appId, userId: persona.id, scopes: ask }) : undefined;
    const answer: PrepareResponse = { ask, ...(policy && { decision: policy === 'approve' ? 'allow' : policy }) };
    res.json(answer);
  });

  router.post(WALLET_PATHS.authorize, (req, res) => {
    const body = bodyOf(req);
    const { app, persona } = appAndPersona(platform, body);
    const decision = body['decision'];
    if (decision !== 'allow' && decision !== 'deny' && decision !== 'cancel') {
      throw new ControlApiError(400, 'INVALID_BODY', 'decision must be "allow", "deny" or "cancel"');
    }
    const scopes = checkRequestedScopes(app, body['scopes']);
    const asked = platform.grants.notYetGranted(persona.id, app.appId, consentPart(app, scopes));
    const correlationId = newCorrelationId();
    if (decision !== 'allow') {
      // Nothing is remembered: a user who denied (or closed the sheet) is asked again next time.
      const cancelled = decision === 'cancel';
      platform.events.emit('consent.denied', { correlationId, appId: app.appId, userId: persona.id, data: { scopes: asked, cancelled } });
      const answer: AuthorizeResponse = cancelled
        ? { decision: 'cancel' }
        : { decision: 'deny', authErrorScopes: Object.fromEntries(asked.map((s) => [s, SCOPE_REFUSED])) };
      res.json(answer);
      return;
    }
    if (asked.length > 0) {
      platform.events.emit('consent.allowed', { correlationId, appId: app.appId, userId: persona.id, data: { scopes: asked } });
    }
    platform.grants.record(persona.id, app.appId, scopes);
    const code = platform.authorizations.issueAuthCode({
      appId: app.appId, clientId: app.authClientId, userId: persona.id, scopes, correlationId,
    });
    const answer: AuthorizeResponse = { decision: 'allow', authCode: code.code, authSuccessScopes: scopes, authErrorScopes: {} };
    res.json(answer);
  });

  router.get(WALLET_PATHS.grants, (req, res) => {
    const userId = typeof req.query['userId'] === 'string' ? req.query['userId'] : '';
    if (!platform.registry.persona(userId)) throw new ControlApiError(404, 'UNKNOWN_PERSONA', `no persona ${JSON.stringify(userId)}; pass ?userId=<persona id>`);
    const appId = typeof req.query['appId'] === 'string' ? req.query['appId'] : undefined;
    const answer: GrantsResponse = { grants: platform.grants.list(userId).filter((g) => !appId || g.appId === appId) };
    res.json(answer);
  });

  router.delete(`${WALLET_PATHS.grants}/:appId`, (req, res) => {
    const userId = typeof req.query['userId'] === 'string' ? req.query['userId'] : '';
    const appId = String(req.params['appId']);
    if (!platform.grants.revoke(userId, appId)) {
      throw new ControlApiError(404, 'UNKNOWN_GRANT', `persona ${userId} has granted nothing to app ${appId}`);
    }
    const answer: GrantsResponse = { grants: platform.grants.list(userId) };
    res.json(answer);
  });

  return router;
}
