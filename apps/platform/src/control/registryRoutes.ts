import { Router } from 'express';
import { CONTROL_PATHS } from '../deps.js';
import { ControlApiError } from '../domain/errors.js';
import { readApp, readClient, readPersona } from '../domain/registryInput.js';
import type { Platform } from '../platform.js';
import { bodyOf } from './index.js';

/**
 * Create and update personas, mini programs and merchant clients at run time. They last until a
 * reset; what `sandbox.config.json` registers comes back on every start.
 */
export function registryRouter(platform: Platform): Router {
  const router = Router();
  const { store, registry } = platform;

  router.post(CONTROL_PATHS.personas, (req, res) => {
    const persona = readPersona(bodyOf(req));
    if (registry.persona(persona.id)) throw new ControlApiError(409, 'PERSONA_EXISTS', `persona ${persona.id} exists; PATCH ${CONTROL_PATHS.personas}/${persona.id} to change it`);
    store.commit([{ op: 'put', table: 'personas', key: persona.id, value: persona }]);
    res.status(201).json(persona);
  });
  router.patch(`${CONTROL_PATHS.personas}/:id`, (req, res) => {
    const existing = registry.persona(String(req.params['id']));
    if (!existing) throw new ControlApiError(404, 'UNKNOWN_PERSONA', `no persona ${req.params['id']}`);
    const persona = readPersona(bodyOf(req), existing);
    store.commit([{ op: 'put', table: 'personas', key: persona.id, value: persona }]);
    res.json(persona);
  });

  const checkClient = (authClientId: string) => {
    if (!registry.client(authClientId)) {
      throw new ControlApiError(400, 'UNKNOWN_CLIENT', `app.authClientId ${authClientId} is not a registered client; POST ${CONTROL_PATHS.clients} first`);
    }
  };
  router.post(CONTROL_PATHS.apps, (req, res) => {
    const app = readApp(bodyOf(req));
    if (registry.app(app.appId)) throw new ControlApiError(409, 'APP_EXISTS', `app ${app.appId} exists; PATCH ${CONTROL_PATHS.apps}/${app.appId} to change it`);
    checkClient(app.authClientId);
    store.commit([{ op: 'put', table: 'apps', key: app.appId, value: app }]);
    res.status(201).json(app);
  });
  router.patch(`${CONTROL_PATHS.apps}/:appId`, (req, res) => {
    const existing = registry.app(String(req.params['appId']));
    if (!existing) throw new ControlApiError(404, 'UNKNOWN_APP', `no app ${req.params['appId']}`);
    const app = readApp(bodyOf(req), existing);
    checkClient(app.authClientId);
    store.commit([{ op: 'put', table: 'apps', key: app.appId, value: app }]);
    res.json(app);
  });

  router.get(CONTROL_PATHS.clients, (_req, res) => void res.json({ clients: store.list('clients') }));
  router.post(CONTROL_PATHS.clients, (req, res) => {
    const client = readClient(bodyOf(req));
    if (registry.client(client.clientId)) throw new ControlApiError(409, 'CLIENT_EXISTS', `client ${client.clientId} exists; PATCH ${CONTROL_PATHS.clients}/${client.clientId} to change it`);
    store.commit([{ op: 'put', table: 'clients', key: client.clientId, value: client }]);
    res.status(201).json(client);
  });
  router.patch(`${CONTROL_PATHS.clients}/:clientId`, (req, res) => {
    const existing = registry.client(String(req.params['clientId']));
    if (!existing) throw new ControlApiError(404, 'UNKNOWN_CLIENT', `no client ${req.params['clientId']}`);
    const client = readClient(bodyOf(req), existing);
    store.commit([{ op: 'put', table: 'clients', key: client.clientId, value: client }]);
    res.json(client);
  });

  return router;
}
