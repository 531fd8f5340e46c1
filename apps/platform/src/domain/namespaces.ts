import type { Persona } from '../deps.js';
import type { Authorizations } from './authorizations.js';
import type { SandboxClock } from './clock.js';
import type { ConsentPolicies } from './consentPolicies.js';
import { ControlApiError } from './errors.js';
import type { EventLog } from './events.js';
import type { Faults } from './faults.js';
import type { Grants } from './grants.js';
import type { PlatformData } from './model.js';
import type { Registry } from './registry.js';
import type { Store, Transaction } from './store.js';

const NAME = /^[a-z0-9]{1,16}$/;

/** The id a seeded persona has in a namespace: `ana` is `ana-w1` in namespace `w1`. */
export const personaIdIn = (namespace: string, baseId: string) => `${baseId}-${namespace}`;

/**
 * Namespaces keep parallel test workers apart on one sandbox: each gets its own copies of the
 * personas, and its own clock, faults, consent policies and events. Codes, tokens and grants
 * belong to personas, so they are apart already. A namespace is its personas (the store holds
 * them), so every process sharing the store knows the same namespaces; this module writes no
 * table itself and asks each table's owner.
 */
export class Namespaces {
  constructor(
    private readonly deps: {
      store: Store<PlatformData>;
      registry: Registry;
      authorizations: Authorizations;
      grants: Grants;
      clock: SandboxClock;
      events: EventLog;
      faults: Faults;
      policies: ConsentPolicies;
      /** The personas every namespace starts with (the seed's). */
      seedPersonas: () => Persona[];
    },
  ) {}

  async list(): Promise<string[]> {
    return [
      ...new Set(
        (await this.deps.registry.personas()).flatMap((p) => (p.namespace ? [p.namespace] : [])),
      ),
    ];
  }

  /** Creates a namespace with fresh copies of the seed personas, or resets one that exists. */
  async create(name: string): Promise<Persona[]> {
    if (!NAME.test(name))
      throw new ControlApiError(
        'INVALID_NAMESPACE',
        'namespace must be 1 to 16 lower-case letters or digits',
      );
    return this.reset(name);
  }

  /** Back to the seed for one namespace: its personas afresh, its codes, tokens, grants gone. */
  async reset(name: string): Promise<Persona[]> {
    const { store, registry } = this.deps;
    const personas = this.deps
      .seedPersonas()
      .map((p) => ({ ...p, id: personaIdIn(name, p.id), namespace: name }));
    await store.transaction(async (tx) => {
      await this.#forget(tx, name);
      registry.putPersonasIn(tx, personas);
    });
    await this.#resetState(name);
    return personas;
  }

  async remove(name: string): Promise<void> {
    if (!(await this.list()).includes(name))
      throw new ControlApiError('UNKNOWN_NAMESPACE', `no namespace ${name}`);
    const { store, registry } = this.deps;
    await store.transaction(async (tx) => {
      const users = await this.#forget(tx, name);
      registry.deletePersonasIn(tx, users);
    });
    await this.#resetState(name);
  }

  /** Deletes everything the namespace's personas hold: codes, tokens, grants. Returns their ids. */
  async #forget(tx: Transaction<PlatformData>, name: string): Promise<string[]> {
    const users = (await this.deps.registry.personasIn(tx, name)).map((p) => p.id);
    await this.deps.authorizations.forgetUsersIn(tx, users);
    await this.deps.grants.forgetUsersIn(tx, users);
    return users;
  }

  /** The namespace's clock, faults, policies and events back to nothing. */
  async #resetState(name: string): Promise<void> {
    const { clock, faults, policies, events } = this.deps;
    await clock.reset(name);
    await faults.clear(name);
    await policies.clear(name);
    await events.clear(name);
  }
}
