import type { Persona } from '../deps.js';
import type { Change, JournalStore } from '../store/journalStore.js';
import type { SandboxClock } from './clock.js';
import type { ConsentPolicies } from './consentPolicies.js';
import { ControlApiError } from './errors.js';
import type { EventLog } from './events.js';
import type { Faults } from './faults.js';
import type { PlatformData } from './model.js';

const NAME = /^[a-z0-9]{1,16}$/;

/** The id a seeded persona has in a namespace: `ana` is `ana-w1` in namespace `w1`. */
export const personaIdIn = (namespace: string, baseId: string) => `${baseId}-${namespace}`;

/**
 * Namespaces keep parallel test workers apart on one sandbox: each gets its own copies of the
 * personas, and its own clock, faults, consent policies and events. Codes, tokens and grants
 * belong to personas, so they are apart already.
 */
export class Namespaces {
  constructor(
    private readonly deps: {
      store: JournalStore<PlatformData>;
      clock: SandboxClock;
      events: EventLog;
      faults: Faults;
      policies: ConsentPolicies;
      /** The personas every namespace starts with (the seed's). */
      seedPersonas: () => Persona[];
    },
  ) {}

  list(): string[] {
    return [...new Set(this.deps.store.list('personas').flatMap((p) => (p.namespace ? [p.namespace] : [])))];
  }

  /** Creates a namespace with fresh copies of the seed personas, or resets one that exists. */
  create(name: string): Persona[] {
    if (!NAME.test(name)) throw new ControlApiError(400, 'INVALID_NAMESPACE', 'namespace must be 1 to 16 lower-case letters or digits');
    return this.reset(name);
  }

  /** Back to the seed for one namespace: its personas afresh, its codes, tokens, grants gone. */
  reset(name: string): Persona[] {
    const { store, clock, events, faults, policies } = this.deps;
    const personas = this.deps.seedPersonas().map((p) => ({ ...p, id: personaIdIn(name, p.id), namespace: name }));
    store.commit([...this.#forget(name), ...personas.map((value) => ({ op: 'put' as const, table: 'personas' as const, key: value.id, value }))]);
    clock.reset(name);
    faults.clear(name);
    policies.clear(name);
    events.clear(name);
    return personas;
  }

  remove(name: string): void {
    if (!this.list().includes(name)) throw new ControlApiError(404, 'UNKNOWN_NAMESPACE', `no namespace ${name}`);
    const { store, clock, events, faults, policies } = this.deps;
    const personas = store.list('personas').filter((p) => p.namespace === name);
    store.commit([...this.#forget(name), ...personas.map((p) => ({ op: 'delete' as const, table: 'personas' as const, key: p.id }))]);
    clock.reset(name);
    faults.clear(name);
    policies.clear(name);
    events.clear(name);
  }

  /** Deletes everything the namespace's personas hold: codes, tokens, grants. */
  #forget(name: string): Change<PlatformData>[] {
    const { store } = this.deps;
    const users = new Set(store.list('personas').filter((p) => p.namespace === name).map((p) => p.id));
    const changes: Change<PlatformData>[] = [];
    for (const code of store.list('authCodes')) if (users.has(code.userId)) changes.push({ op: 'delete', table: 'authCodes', key: code.code });
    for (const pair of store.list('tokens')) {
      if (!users.has(pair.userId)) continue;
      changes.push({ op: 'delete', table: 'tokens', key: pair.accessToken }, { op: 'delete', table: 'refreshIndex', key: pair.refreshToken });
    }
    for (const grant of store.list('grants')) {
      if (users.has(grant.userId)) changes.push({ op: 'delete', table: 'grants', key: `${grant.userId}/${grant.appId}` });
    }
    return changes;
  }
}
