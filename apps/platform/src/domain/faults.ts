import { randomBytes } from 'node:crypto';
import type { Fault, FaultBody, OpenApiName } from '../deps.js';
import { newStamp } from './ids.js';
import type { FaultRecord, PlatformData } from './model.js';
import type { Store } from './store.js';

/** The fault as the control API shows it: without the order it was armed in. */
function shown({ armedAt: _armedAt, ...fault }: FaultRecord): Fault {
  return fault;
}

const inOrder = (faults: FaultRecord[]) => faults.sort((a, b) => a.armedAt - b.armedAt);

/**
 * Faults tests arm through the control API: the next calls of an API answer a chosen result code,
 * or wait first. Kept in the store (the `faults` table, owned here), so "the next 3 calls" counts
 * the calls of every process sharing it; a reset clears them.
 */
export class Faults {
  constructor(private readonly store: Store<PlatformData>) {}

  /** Arms a fault the control API read (`faultBodySchema`). */
  async add(input: FaultBody): Promise<Fault> {
    const { api, count, latencyMs, resultCode, namespace } = input;
    const fault: FaultRecord = {
      id: randomBytes(4).toString('hex'),
      api,
      ...(namespace && { namespace }),
      count,
      latencyMs,
      ...(resultCode !== undefined && { resultCode }),
      armedAt: newStamp(),
    };
    await this.store.transaction(async (tx) => tx.put('faults', fault.id, fault));
    return shown(fault);
  }

  async list(namespace?: string): Promise<Fault[]> {
    const faults = await this.store.list(
      'faults',
      namespace === undefined ? undefined : { namespace },
    );
    return inOrder(faults).map(shown);
  }

  /** Drops one fault, or every fault. */
  remove(id?: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      const faults = id === undefined ? await tx.list('faults') : [await tx.get('faults', id)];
      for (const fault of faults) if (fault) tx.delete('faults', fault.id);
    });
  }

  /** Drops a namespace's faults. */
  clear(namespace: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      for (const fault of await tx.list('faults', { namespace })) tx.delete('faults', fault.id);
    });
  }

  /**
   * The first fault armed for this API, used up by this call. A namespaced fault only answers
   * calls that concern that namespace's personas. Every gateway call asks, so the common case (no
   * fault armed) is one read of an empty table; only a matching fault costs a transaction, in which
   * it is read again, so each of its `count` calls is taken once across processes.
   */
  async take(api: OpenApiName, namespace?: string): Promise<Fault | undefined> {
    const applies = (f: FaultRecord) =>
      (f.api === api || f.api === '*') && (f.namespace === undefined || f.namespace === namespace);
    if (!(await this.store.list('faults')).some(applies)) return undefined;
    return this.store.transaction(async (tx) => {
      const fault = inOrder(await tx.list('faults')).find(applies);
      if (!fault) return undefined;
      const taken = { ...fault, count: fault.count - 1 };
      if (taken.count <= 0) tx.delete('faults', fault.id);
      else tx.put('faults', fault.id, taken);
      return shown(taken);
    });
  }
}
