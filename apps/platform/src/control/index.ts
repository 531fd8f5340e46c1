import { Router } from 'express';
import { publicKeyBase64 } from '@mp-sandbox/openapi-client';
import {
  CONTROL_PATHS,
  EVENT_TYPES,
  issueAuthCodeBodySchema,
  formatGatewayTime,
  isWalletId,
  setRulesBodySchema,
  WALLET_IDS,
  WALLET_PROFILES,
  type WalletsResponse,
  walletProfile,
  type EventsResponse,
  type HealthResponse,
  type IssueAuthCodeResponse,
  type RulesResponse,
} from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import { checkConsentRules } from '../domain/consentRules.js';
import { checkRequestedScopes } from '../domain/scopeRequest.js';
import { avatarSvg } from '../http/avatars.js';
import { bodyOf } from '../http/body.js';
import { readBody } from '../http/readBody.js';
import { openApiDocument } from '../openapi/document.js';
import type { Platform } from '../platform.js';
import { namespaceParam } from './namespaceParam.js';

/** The sandbox's own API for tests, the shell's console and the Playwright kit. */
export function controlRouter(platform: Platform): Router {
  const router = Router();

  router.get(CONTROL_PATHS.health, async (_req, res) => {
    const body: HealthResponse = {
      status: 'ok',
      part: 'platform',
      now: formatGatewayTime(await platform.clock.now()),
      ...(platform.publicUrl && { http: platform.publicUrl }),
      ...(platform.publicTlsUrl && { https: platform.publicTlsUrl }),
    };
    res.json(body);
  });

  router.post(CONTROL_PATHS.reset, async (req, res) => {
    const namespace = namespaceParam(req);
    if (namespace === undefined) await platform.reset();
    else await platform.namespaces.reset(namespace);
    res.json({ status: 'reset', ...(namespace && { namespace }) });
  });

  router.get(
    CONTROL_PATHS.apps,
    async (_req, res) => void res.json({ apps: await platform.registry.apps() }),
  );
  router.get(
    CONTROL_PATHS.personas,
    async (_req, res) => void res.json({ personas: await platform.registry.personas() }),
  );

  router.post(CONTROL_PATHS.authCodes, async (req, res) => {
    const body = readBody(issueAuthCodeBodySchema, bodyOf(req));
    const app = await platform.registry.requireApp(body.appId);
    const persona = await platform.registry.requirePersona(body.userId);
    const scopes = checkRequestedScopes(app, body.scopes);
    // As the wallet would: the app's rules apply, unless the caller says { "applyRules": false }.
    if (body.applyRules !== false)
      await checkConsentRules(platform, app, scopes, { userId: persona.id });
    await platform.grants.record(persona.id, app.appId, scopes);
    const code = await platform.authorizations.issueAuthCode({
      appId: app.appId,
      clientId: app.authClientId,
      userId: persona.id,
      scopes,
    });
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
  router.get(CONTROL_PATHS.openApi, async (req, res) => {
    const wallet = typeof req.query['wallet'] === 'string' ? req.query['wallet'] : undefined;
    const appId = typeof req.query['appId'] === 'string' ? req.query['appId'] : undefined;
    if (wallet !== undefined && !isWalletId(wallet))
      throw new ControlApiError('INVALID_QUERY', `wallet must be one of ${WALLET_IDS.join(', ')}`);
    if (appId !== undefined && !(await platform.registry.app(appId)))
      throw new ControlApiError(
        'APP_NOT_FOUND',
        `no app ${appId}; GET /sandbox/v1/apps lists them`,
      );
    const profile = wallet !== undefined ? walletProfile(wallet) : await platform.walletOf(appId);
    res.json(openApiDocument(platform.publicUrl, platform.publicTlsUrl, profile));
  });

  // The rule modes in force: the sandbox's, or an app's (?appId=); POST changes the sandbox's until a reset.
  router.get(CONTROL_PATHS.rules, async (req, res) => {
    const appId = typeof req.query['appId'] === 'string' ? req.query['appId'] : undefined;
    if (appId !== undefined && !(await platform.registry.app(appId)))
      throw new ControlApiError(
        'APP_NOT_FOUND',
        `no app ${appId}; GET /sandbox/v1/apps lists them`,
      );
    const body: RulesResponse = {
      rules: await platform.rulesOf(appId),
      ...(appId !== undefined && { appId }),
    };
    res.json(body);
  });
  router.post(CONTROL_PATHS.rules, async (req, res) => {
    const { rules } = readBody(setRulesBodySchema, bodyOf(req));
    await platform.setRules(rules);
    res.json({ rules: await platform.rulesOf(undefined) });
  });

  // The wallet profiles, and which one the sandbox emulates: the shell takes its name and look from here.
  router.get(CONTROL_PATHS.wallets, async (_req, res) => {
    const answer: WalletsResponse = {
      default: (await platform.walletOf(undefined)).id,
      profiles: WALLET_PROFILES,
    };
    res.json(answer);
  });

  router.get(CONTROL_PATHS.events, async (req, res) => {
    const type = typeof req.query['type'] === 'string' ? req.query['type'] : undefined;
    if (type && !(EVENT_TYPES as readonly string[]).includes(type)) {
      throw new ControlApiError(
        'UNKNOWN_EVENT_TYPE',
        `type must be one of ${EVENT_TYPES.join(', ')}`,
      );
    }
    const correlationId =
      typeof req.query['correlationId'] === 'string' ? req.query['correlationId'] : undefined;
    const namespace = namespaceParam(req);
    const since = req.query['since'] === undefined ? undefined : Number(req.query['since']);
    const body: EventsResponse = {
      events: await platform.events.list({
        ...(type && { type }),
        ...(correlationId && { correlationId }),
        ...(namespace && { namespace }),
        ...(since !== undefined && !Number.isNaN(since) && { since }),
      }),
    };
    res.json(body);
  });

  router.get(`${CONTROL_PATHS.avatars}/:file`, async (req, res) => {
    const id = String(req.params['file']).replace(/\.svg$/, '');
    const persona = await platform.registry.persona(id);
    if (!persona) throw new ControlApiError('UNKNOWN_PERSONA', `no persona ${id}`);
    res
      .type('image/svg+xml')
      .set('Cache-Control', 'max-age=3600')
      .send(avatarSvg(`${persona.firstName} ${persona.lastName}`, persona.id));
  });

  return router;
}
