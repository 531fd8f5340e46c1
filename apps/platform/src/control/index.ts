import { Router, type NextFunction, type Request, type Response } from 'express';
import { publicKeyBase64 } from '@mp-sandbox/openapi-client';
import {
  CONTROL_PATHS,
  EVENT_TYPES,
  formatGatewayTime,
  isWalletId,
  readRules,
  WALLET_IDS,
  WALLET_PROFILES,
  type WalletsResponse,
  walletProfile,
  type EventsResponse,
  type HealthResponse,
  type IssueAuthCodeResponse,
} from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import { checkConsentRules } from '../domain/consentRules.js';
import { checkRequestedScopes } from '../domain/scopeRequest.js';
import { openApiDocument } from '../openapi/document.js';
import type { Platform } from '../platform.js';
import { avatarSvg } from './avatars.js';
import { namespaceParam } from './namespaceParam.js';

/** The JSON object a control call sent, or a 400 that says how to send one. */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ControlApiError(400, 'INVALID_BODY', 'send a JSON object with Content-Type: application/json');
  }
  return body as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new ControlApiError(400, 'INVALID_BODY', `${field} must be a non-empty string`);
  return value;
}

/** Resolves the app and persona a request names, or says which one does not exist. */
export function appAndPersona(platform: Platform, body: Record<string, unknown>) {
  const appId = stringField(body, 'appId');
  const userId = stringField(body, 'userId');
  const app = platform.registry.app(appId);
  if (!app) throw new ControlApiError(404, 'UNKNOWN_APP', `no app ${appId}; registered apps: ${platform.registry.apps().map((a) => a.appId).join(', ')}`);
  const persona = platform.registry.persona(userId);
  if (!persona) throw new ControlApiError(404, 'UNKNOWN_PERSONA', `no persona ${userId}; personas: ${platform.registry.personas().map((p) => p.id).join(', ')}`);
  return { app, persona };
}

/** The sandbox's own API for tests, the shell's console and the Playwright kit. */
export function controlRouter(platform: Platform): Router {
  const router = Router();

  router.get(CONTROL_PATHS.health, (_req, res) => {
    const body: HealthResponse = { status: 'ok', part: 'platform', now: formatGatewayTime(platform.clock.now()) };
    res.json(body);
  });

  router.post(CONTROL_PATHS.reset, async (req, res) => {
    const namespace = namespaceParam(req);
    if (namespace === undefined) await platform.reset();
    else platform.namespaces.reset(namespace);
    res.json({ status: 'reset', ...(namespace && { namespace }) });
  });

  router.get(CONTROL_PATHS.apps, (_req, res) => res.json({ apps: platform.registry.apps() }));
  router.get(CONTROL_PATHS.personas, (_req, res) => res.json({ personas: platform.registry.personas() }));

  router.post(CONTROL_PATHS.authCodes, (req, res) => {
    const body = bodyOf(req);
    const { app, persona } = appAndPersona(platform, body);
    const scopes = checkRequestedScopes(app, body['scopes']);
    // As the wallet would: the app's rules apply, unless the caller says { "applyRules": false }.
    if (body['applyRules'] !== undefined && typeof body['applyRules'] !== 'boolean') {
      throw new ControlApiError(400, 'INVALID_BODY', 'applyRules must be true or false');
    }
    if (body['applyRules'] !== false) checkConsentRules(platform, app, scopes, { userId: persona.id });
    platform.grants.record(persona.id, app.appId, scopes);
    const code = platform.authorizations.issueAuthCode({ appId: app.appId, clientId: app.authClientId, userId: persona.id, scopes });
    const answer: IssueAuthCodeResponse = {
      authCode: code.code,
      authSuccessScopes: scopes,
      authErrorScopes: {},
      expiresAt: formatGatewayTime(code.expiresAt),
    };
    res.status(201).json(answer);
  });

  router.get(CONTROL_PATHS.platformKey, (_req, res) => {
    // The one-line base64 is what the Java and Go SDKs take as the platform key.
    res.json({
      keyVersion: '1',
      algorithm: 'RSA256',
      publicKey: platform.keys.publicKey,
      publicKeyBase64: publicKeyBase64(platform.keys.publicKey),
      file: platform.keys.publicKeyFile,
    });
  });

  // The document follows a wallet: ?wallet=claro, or the wallet of ?appId=; else the sandbox's.
  router.get(CONTROL_PATHS.openApi, (req, res) => {
    const wallet = typeof req.query['wallet'] === 'string' ? req.query['wallet'] : undefined;
    const appId = typeof req.query['appId'] === 'string' ? req.query['appId'] : undefined;
    if (wallet !== undefined && !isWalletId(wallet)) throw new ControlApiError(400, 'INVALID_QUERY', `wallet must be one of ${WALLET_IDS.join(', ')}`);
    if (appId !== undefined && !platform.registry.app(appId)) throw new ControlApiError(404, 'APP_NOT_FOUND', `no app ${appId}; GET /sandbox/v1/apps lists them`);
    const profile = wallet !== undefined ? walletProfile(wallet) : platform.walletOf(appId);
    res.json(openApiDocument(platform.publicUrl, platform.publicTlsUrl, profile));
  });

  // The rule modes in force: the sandbox's, or an app's (?appId=); POST changes the sandbox's until a reset.
  router.get(CONTROL_PATHS.rules, (req, res) => {
    const appId = typeof req.query['appId'] === 'string' ? req.query['appId'] : undefined;
    if (appId !== undefined && !platform.registry.app(appId)) throw new ControlApiError(404, 'APP_NOT_FOUND', `no app ${appId}; GET /sandbox/v1/apps lists them`);
    res.json({ rules: platform.rulesOf(appId), ...(appId !== undefined && { appId }) });
  });
  router.post(CONTROL_PATHS.rules, (req, res) => {
    const rules = readRules(bodyOf(req)['rules']);
    if (typeof rules === 'string') throw new ControlApiError(400, 'INVALID_BODY', `rules ${rules}`);
    platform.setRules(rules);
    res.json({ rules: platform.rulesOf(undefined) });
  });

  // The wallet profiles, and which one the sandbox emulates: the shell takes its name and look from here.
  router.get(CONTROL_PATHS.wallets, (_req, res) => {
    const answer: WalletsResponse = { default: platform.walletOf(undefined).id, profiles: WALLET_PROFILES };
    res.json(answer);
  });

  router.get(CONTROL_PATHS.events, (req, res) => {
    const type = typeof req.query['type'] === 'string' ? req.query['type'] : undefined;
    if (type && !(EVENT_TYPES as readonly string[]).includes(type)) {
      throw new ControlApiError(400, 'UNKNOWN_EVENT_TYPE', `type must be one of ${EVENT_TYPES.join(', ')}`);
    }
    const correlationId = typeof req.query['correlationId'] === 'string' ? req.query['correlationId'] : undefined;
    const namespace = namespaceParam(req);
    const since = req.query['since'] === undefined ? undefined : Number(req.query['since']);
    const body: EventsResponse = {
      events: platform.events.list({
        ...(type && { type }),
        ...(correlationId && { correlationId }),
        ...(namespace && { namespace }),
        ...(since !== undefined && !Number.isNaN(since) && { since }),
      }),
    };
    res.json(body);
  });

  router.get('/sandbox/v1/avatars/:file', (req, res) => {
    const id = String(req.params['file']).replace(/\.svg$/, '');
    const persona = platform.registry.persona(id);
    if (!persona) throw new ControlApiError(404, 'UNKNOWN_PERSONA', `no persona ${id}`);
    res.type('image/svg+xml').set('Cache-Control', 'max-age=3600').send(avatarSvg(`${persona.firstName} ${persona.lastName}`, persona.id));
  });

  return router;
}

/** Control and wallet API errors: JSON `{ error, message }` with a status that fits. */
export function controlErrorHandler(platform: Platform) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof ControlApiError) {
      res.status(error.status).json({ error: error.error, message: error.message });
      return;
    }
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: 'INVALID_REQUEST', message: (error as Error).message });
      return;
    }
    platform.options.log(`[platform] internal error on ${req.originalUrl}: ${(error as Error)?.stack ?? String(error)}`);
    res.status(500).json({ error: 'INTERNAL', message: 'the sandbox hit an internal error; see the platform log' });
  };
}
