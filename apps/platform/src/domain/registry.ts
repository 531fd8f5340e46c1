import type { KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { readPublicKey } from '@mp-sandbox/openapi-client';
import {
  CONTROL_PATHS,
  type MerchantClient,
  type MiniProgramApp,
  type Persona,
  type PublicKeyEntry,
} from '../deps.js';
import { ControlApiError } from './errors.js';
import type { PlatformData } from './model.js';
import type { Store, Transaction } from './store.js';

/**
 * Apps, merchant clients and personas (the `apps`, `clients` and `personas` tables, owned here),
 * and the public keys clients sign with.
 */
export class Registry {
  readonly #parsed = new Map<string, KeyObject>();

  /** `readKeyFile` reads a key file the config names (the edge knows files; the core does not). */
  constructor(
    private readonly store: Store<PlatformData>,
    private readonly readKeyFile: (file: string) => string | undefined,
  ) {}

  apps(): Promise<MiniProgramApp[]> {
    return this.store.list('apps');
  }

  app(appId: string): Promise<MiniProgramApp | undefined> {
    return this.store.get('apps', appId);
  }

  clients(): Promise<MerchantClient[]> {
    return this.store.list('clients');
  }

  client(clientId: string): Promise<MerchantClient | undefined> {
    return this.store.get('clients', clientId);
  }

  personas(): Promise<Persona[]> {
    return this.store.list('personas');
  }

  persona(id: string): Promise<Persona | undefined> {
    return this.store.get('personas', id);
  }

  /** The app, or UNKNOWN_APP naming the apps there are. */
  async requireApp(appId: string): Promise<MiniProgramApp> {
    const app = await this.app(appId);
    if (!app)
      throw new ControlApiError(
        'UNKNOWN_APP',
        `no app ${appId}; registered apps: ${(await this.apps()).map((a) => a.appId).join(', ')}`,
      );
    return app;
  }

  /** The persona, or UNKNOWN_PERSONA naming the personas there are. */
  async requirePersona(userId: string): Promise<Persona> {
    const persona = await this.persona(userId);
    if (!persona)
      throw new ControlApiError(
        'UNKNOWN_PERSONA',
        `no persona ${userId}; personas: ${(await this.personas()).map((p) => p.id).join(', ')}`,
      );
    return persona;
  }

  /** The namespace a persona belongs to (a parallel test worker's), if any. */
  async namespaceOf(userId: string): Promise<string | undefined> {
    return (await this.persona(userId))?.namespace;
  }

  addPersona(persona: Persona): Promise<Persona> {
    return this.store.transaction(async (tx) => {
      if (await tx.get('personas', persona.id)) {
        throw new ControlApiError(
          'PERSONA_EXISTS',
          `persona ${persona.id} exists; PATCH ${CONTROL_PATHS.personas}/${persona.id} to change it`,
        );
      }
      tx.put('personas', persona.id, persona);
      return persona;
    });
  }

  /** Changes a persona: `change` gets the stored one and returns the new one. */
  updatePersona(id: string, change: (existing: Persona) => Persona): Promise<Persona> {
    return this.store.transaction(async (tx) => {
      const existing = await tx.get('personas', id);
      if (!existing) throw new ControlApiError('UNKNOWN_PERSONA', `no persona ${id}`);
      const persona = change(existing);
      tx.put('personas', persona.id, persona);
      return persona;
    });
  }

  addApp(app: MiniProgramApp): Promise<MiniProgramApp> {
    return this.store.transaction(async (tx) => {
      if (await tx.get('apps', app.appId)) {
        throw new ControlApiError(
          'APP_EXISTS',
          `app ${app.appId} exists; PATCH ${CONTROL_PATHS.apps}/${app.appId} to change it`,
        );
      }
      await this.#checkClient(tx, app.authClientId);
      tx.put('apps', app.appId, app);
      return app;
    });
  }

  updateApp(
    appId: string,
    change: (existing: MiniProgramApp) => MiniProgramApp,
  ): Promise<MiniProgramApp> {
    return this.store.transaction(async (tx) => {
      const existing = await tx.get('apps', appId);
      if (!existing) throw new ControlApiError('UNKNOWN_APP', `no app ${appId}`);
      const app = change(existing);
      await this.#checkClient(tx, app.authClientId);
      tx.put('apps', app.appId, app);
      return app;
    });
  }

  addClient(client: MerchantClient): Promise<MerchantClient> {
    return this.store.transaction(async (tx) => {
      if (await tx.get('clients', client.clientId)) {
        throw new ControlApiError(
          'CLIENT_EXISTS',
          `client ${client.clientId} exists; PATCH ${CONTROL_PATHS.clients}/${client.clientId} to change it`,
        );
      }
      tx.put('clients', client.clientId, client);
      return client;
    });
  }

  updateClient(
    clientId: string,
    change: (existing: MerchantClient) => MerchantClient,
  ): Promise<MerchantClient> {
    return this.store.transaction(async (tx) => {
      const existing = await tx.get('clients', clientId);
      if (!existing) throw new ControlApiError('UNKNOWN_CLIENT', `no client ${clientId}`);
      const client = change(existing);
      tx.put('clients', client.clientId, client);
      return client;
    });
  }

  /**
   * Registers (or replaces) what the config file names, on every start: the file is the source of
   * truth for what it registers, and its edits apply on restart.
   */
  register(seed: { apps: MiniProgramApp[]; clients: MerchantClient[] }): Promise<void> {
    return this.store.transaction((tx) => this.registerIn(tx, seed));
  }

  /**
   * `register` in another module's transaction (the seeding at start). Writes only what differs
   * from what is stored: replicas that start together with one config write nothing twice.
   */
  async registerIn(
    tx: Transaction<PlatformData>,
    seed: { apps: MiniProgramApp[]; clients: MerchantClient[] },
  ): Promise<void> {
    for (const app of seed.apps)
      if (!isDeepStrictEqual(await tx.get('apps', app.appId), app)) tx.put('apps', app.appId, app);
    for (const client of seed.clients)
      if (!isDeepStrictEqual(await tx.get('clients', client.clientId), client))
        tx.put('clients', client.clientId, client);
  }

  /** A namespace's personas, in another module's transaction (namespaces.ts). */
  async personasIn(tx: Transaction<PlatformData>, namespace: string): Promise<Persona[]> {
    return tx.list('personas', { namespace });
  }

  putPersonasIn(tx: Transaction<PlatformData>, personas: readonly Persona[]): void {
    for (const persona of personas) tx.put('personas', persona.id, persona);
  }

  deletePersonasIn(tx: Transaction<PlatformData>, ids: readonly string[]): void {
    for (const id of ids) tx.delete('personas', id);
  }

  async #checkClient(tx: Transaction<PlatformData>, authClientId: string): Promise<void> {
    if (!(await tx.get('clients', authClientId))) {
      throw new ControlApiError(
        'UNKNOWN_AUTH_CLIENT',
        `app.authClientId ${authClientId} is not a registered client; POST ${CONTROL_PATHS.clients} first`,
      );
    }
  }

  /**
   * The key registered for a client's key version, parsed once. A key given as a file is read when
   * needed (and again when the file changes), so a merchant may create its key after the platform
   * started, or replace it while it runs. Says what is wrong when there is no usable key.
   */
  publicKey(client: MerchantClient, keyVersion: string): { key: KeyObject } | { problem: string } {
    const entry = client.publicKeys.find((k) => k.keyVersion === keyVersion);
    if (!entry) {
      const known = client.publicKeys.map((k) => k.keyVersion).join(', ') || 'none';
      return {
        problem: `no public key with keyVersion ${keyVersion} is registered for ${client.clientId} (registered: ${known})`,
      };
    }
    const pem = this.#pemOf(entry);
    if (pem === undefined)
      return {
        problem: `the public key file ${entry.file} of ${client.clientId} keyVersion ${keyVersion} cannot be read`,
      };
    let key = this.#parsed.get(pem);
    if (!key) {
      const read = readPublicKey(pem);
      if ('problem' in read) {
        const where = entry.file ? `the key file ${entry.file}` : 'the registered key';
        return {
          problem: `${where} of ${client.clientId} keyVersion ${keyVersion}: ${read.problem}`,
        };
      }
      key = read.key;
      this.#parsed.set(pem, key);
    }
    return { key };
  }

  #pemOf(entry: PublicKeyEntry): string | undefined {
    if (entry.pem) return entry.pem;
    return entry.file ? this.readKeyFile(entry.file) : undefined;
  }
}
