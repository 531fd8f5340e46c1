import { Router } from 'express';
import { isScopeName, SCOPE_REFUSED, scopesNeedingConsent, WALLET_PATHS, type AuthorizeResponse } from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import { newCorrelationId } from '../domain/ids.js';
import { checkRequestedScopes } from '../domain/scopeRequest.js';
import type { Platform } from '../platform.js';
import { appAndPersona } from '../control/index.js';

/**
 * The wallet backend the shell talks to: it records the user's decision on a consent sheet and,
 * when the user allowed (or nothing needed asking), issues the authCode bound to the app.
 */
export function walletRouter(platform: Platform): Router {
  const router = Router();

  router.post(WALLET_PATHS.authorize, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { app, persona } = appAndPersona(platform, body);
    const decision = body['decision'];
    if (decision !== 'allow' && decision !== 'deny') {
      throw new ControlApiError(400, 'INVALID_BODY', 'decision must be "allow" or "deny"');
    }
    const correlationId = newCorrelationId();
    if (decision === 'deny') {
      const requested = Array.isArray(body['scopes']) ? body['scopes'].filter(isScopeName) : [];
      const authErrorScopes = Object.fromEntries(requested.map((s) => [s, SCOPE_REFUSED]));
      platform.events.emit('consent.denied', { correlationId, appId: app.appId, userId: persona.id, data: { scopes: requested } });
      const answer: AuthorizeResponse = { decision: 'deny', authErrorScopes };
      res.json(answer);
      return;
    }
    const scopes = checkRequestedScopes(app, body['scopes']);
    const asked = scopesNeedingConsent(scopes, app);
    if (asked.length > 0) {
      platform.events.emit('consent.allowed', { correlationId, appId: app.appId, userId: persona.id, data: { scopes: asked } });
    }
    const code = platform.authorizations.issueAuthCode({
      appId: app.appId, clientId: app.authClientId, userId: persona.id, scopes, correlationId,
    });
    const answer: AuthorizeResponse = { decision: 'allow', authCode: code.code, authSuccessScopes: scopes, authErrorScopes: {} };
    res.json(answer);
  });

  return router;
}
