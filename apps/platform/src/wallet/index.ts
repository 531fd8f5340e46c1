import { Router, type Request } from 'express';
import {
  authorizeBodySchema,
  prepareBodySchema,
  WALLET_PATHS,
  WALLET_SESSION_HEADER,
  withdrawAuthCodeBodySchema,
  type AuthorizeResponse,
  type GrantsResponse,
  type Persona,
  type PrepareResponse,
  type WalletSessionResponse,
} from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import { newCorrelationId } from '../domain/ids.js';
import { checkConsentRules } from '../domain/consentRules.js';
import { checkRequestedScopes } from '../domain/scopeRequest.js';
import { bodyOf } from '../http/body.js';
import { readBody } from '../http/readBody.js';
import type { Platform } from '../platform.js';
import { WalletSessions } from './session.js';

/**
 * The wallet backend the shell talks to (the access guard lets only the shell's proxy through).
 * `session` says who holds the wallet; `prepare` creates a one-time consent request for the holder,
 * saying which scopes the sheet must ask (none for silent and already granted scopes);
 * `authorize` records the decision against that request and, on allow, issues the authCode.
 */
export function walletRouter(platform: Platform, sessionKey: string): Router {
  const router = Router();
  const sessions = new WalletSessions(sessionKey);
  const requests = platform.consentRequests;

  /** The persona holding the wallet, from the session the shell sends. */
  async function holder(req: Request): Promise<Persona> {
    const found = sessions.holder(req.get(WALLET_SESSION_HEADER));
    if ('problem' in found) {
      throw new ControlApiError(
        'NO_WALLET_SESSION',
        `${found.problem}: the shell opens one with POST ${WALLET_PATHS.session} { userId } and sends it as ${WALLET_SESSION_HEADER}`,
      );
    }
    const persona = await platform.registry.persona(found.userId);
    if (!persona)
      throw new ControlApiError(
        'NO_WALLET_SESSION',
        `the wallet's holder ${found.userId} is no longer a persona (a reset?); open a new session`,
      );
    return persona;
  }

  /** A `userId` in the request, if any, must be the holder: nobody picks the persona but the session. */
  function sameHolder(persona: Persona, userId: unknown): void {
    if (userId !== undefined && userId !== persona.id) {
      throw new ControlApiError(
        'NOT_THE_HOLDER',
        `the wallet is held by ${persona.id}, not ${String(userId)}; switch user in the wallet (POST ${WALLET_PATHS.session})`,
      );
    }
  }

  router.post(WALLET_PATHS.session, async (req, res) => {
    const userId = bodyOf(req)['userId'];
    const persona =
      typeof userId === 'string' ? await platform.registry.persona(userId) : undefined;
    if (!persona)
      throw new ControlApiError(
        'UNKNOWN_PERSONA',
        `no persona ${JSON.stringify(userId)}; personas: ${(await platform.registry.personas()).map((p) => p.id).join(', ')}`,
      );
    const answer: WalletSessionResponse = { ...sessions.open(persona.id), userId: persona.id };
    res.json(answer);
  });

  router.post(WALLET_PATHS.prepare, async (req, res) => {
    const persona = await holder(req);
    const body = readBody(prepareBodySchema, bodyOf(req));
    sameHolder(persona, body.userId);
    const target = await platform.registry.requireApp(body.appId);
    const scopes = checkRequestedScopes(target, body.scopes);
    const ask = await platform.grants.notYetGranted(
      persona.id,
      target.appId,
      await checkConsentRules(platform, target, scopes, { userId: persona.id }),
    );
    const policy =
      ask.length > 0
        ? await platform.policies.decide({
            namespace: persona.namespace,
            appId: target.appId,
            userId: persona.id,
            scopes: ask,
          })
        : undefined;
    const decidedByPolicy = policy && (policy === 'approve' ? 'allow' : policy);
    const request = await requests.create({
      appId: target.appId,
      userId: persona.id,
      scopes,
      ask,
      ...(decidedByPolicy && { policy: decidedByPolicy }),
    });
    const answer: PrepareResponse = {
      ask,
      ...(decidedByPolicy && { decision: decidedByPolicy }),
      consentId: request.id,
      expiresAt: new Date(request.expiresAt).toISOString(),
    };
    res.json(answer);
  });

  router.post(WALLET_PATHS.authorize, async (req, res) => {
    const persona = await holder(req);
    const { decision, consentId } = readBody(authorizeBodySchema, bodyOf(req));
    const request = await requests.take(consentId);
    if (!request) {
      throw new ControlApiError(
        'UNKNOWN_CONSENT_REQUEST',
        `consent request ${consentId} is unknown, used or expired: a decision is recorded once, for a sheet ${WALLET_PATHS.prepare} asked for; prepare again`,
      );
    }
    if (request.userId !== persona.id) {
      throw new ControlApiError(
        'NOT_THE_HOLDER',
        `consent request ${consentId} was made for ${request.userId}, and the wallet is now held by ${persona.id}; prepare again`,
      );
    }
    const target = await platform.registry.requireApp(request.appId);
    const scopes = request.scopes;
    const asked = await platform.grants.notYetGranted(
      persona.id,
      target.appId,
      await checkConsentRules(platform, target, scopes, undefined),
    );
    const correlationId = newCorrelationId();
    // The timeline says what decided: the policy the request was prepared with, or the user.
    const decidedBy =
      request.policy !== undefined && request.policy === decision ? 'policy' : 'user';
    if (decision !== 'allow') {
      // Nothing is remembered: a user who denied (or closed the sheet) is asked again next time.
      const cancelled = decision === 'cancel';
      const errorValue = (await platform.walletOf(target.appId)).authErrorScopeValue;
      await platform.events.emit('consent.denied', {
        correlationId,
        appId: target.appId,
        userId: persona.id,
        data: { scopes: asked, cancelled, decidedBy },
      });
      // The correlation id lets the shell put its failed getAuthCode in the same login card.
      const answer: AuthorizeResponse = cancelled
        ? { decision: 'cancel', correlationId }
        : {
            decision: 'deny',
            authErrorScopes: Object.fromEntries(asked.map((s) => [s, errorValue])),
            correlationId,
          };
      res.json(answer);
      return;
    }
    if (asked.length > 0) {
      await platform.events.emit('consent.allowed', {
        correlationId,
        appId: target.appId,
        userId: persona.id,
        data: { scopes: asked, decidedBy },
      });
    }
    await platform.grants.record(persona.id, target.appId, scopes);
    const code = await platform.authorizations.issueAuthCode({
      appId: target.appId,
      clientId: target.authClientId,
      userId: persona.id,
      scopes,
      correlationId,
    });
    const answer: AuthorizeResponse = {
      decision: 'allow',
      authCode: code.code,
      authSuccessScopes: scopes,
      authErrorScopes: {},
    };
    res.json(answer);
  });

  router.post(WALLET_PATHS.withdrawAuthCode, async (req, res) => {
    const persona = await holder(req);
    const { authCode } = readBody(withdrawAuthCodeBodySchema, bodyOf(req));
    const withdrawn = await platform.authorizations.withdrawAuthCode(authCode, persona.id);
    if (!withdrawn)
      throw new ControlApiError(
        'UNKNOWN_AUTHCODE',
        `no unused authCode ${authCode} of ${persona.id} to withdraw`,
      );
    await platform.events.emit('rule.warning', {
      correlationId: withdrawn.correlationId,
      appId: withdrawn.appId,
      userId: persona.id,
      data: {
        rule: 'caller-gave-up',
        message:
          'my.getAuthCode: the mini program stopped waiting (no acknowledgement within its 3 s) while the wallet issued this code; it was never delivered, and the wallet withdrew it (an exchange gets EXPIRED_AUTHCODE)',
      },
    });
    res.json({ withdrawn: authCode });
  });

  router.get(WALLET_PATHS.grants, async (req, res) => {
    const persona = await holder(req);
    sameHolder(persona, req.query['userId']);
    const appId = typeof req.query['appId'] === 'string' ? req.query['appId'] : undefined;
    const answer: GrantsResponse = {
      grants: (await platform.grants.list(persona.id)).filter((g) => !appId || g.appId === appId),
    };
    res.json(answer);
  });

  router.delete(`${WALLET_PATHS.grants}/:appId`, async (req, res) => {
    const persona = await holder(req);
    sameHolder(persona, req.query['userId']);
    const appId = String(req.params['appId']);
    if (!(await platform.grants.revoke(persona.id, appId))) {
      throw new ControlApiError(
        'UNKNOWN_GRANT',
        `persona ${persona.id} has granted nothing to app ${appId}`,
      );
    }
    const answer: GrantsResponse = { grants: await platform.grants.list(persona.id) };
    res.json(answer);
  });

  return router;
}
