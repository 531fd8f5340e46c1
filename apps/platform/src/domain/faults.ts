import { randomBytes } from 'node:crypto';
import { isResultCode, OPENAPI_APIS, type Fault, type OpenApiName } from '../deps.js';
import { ControlApiError } from './errors.js';

const MAX_LATENCY_MS = 60_000;

/**
 * Faults tests arm through the control API: the next calls of an API answer a chosen result code,
 * or wait first. Kept in memory; a reset clears them.
 */
export class Faults {
  #faults: Fault[] = [];

  add(input: Record<string, unknown>): Fault {
    const api = input['api'] ?? '*';
    if (api !== '*' && !(typeof api === 'string' && Object.hasOwn(OPENAPI_APIS, api))) {
      throw new ControlApiError(400, 'INVALID_FAULT', `api must be one of ${Object.keys(OPENAPI_APIS).join(', ')} or "*"`);
    }
    const resultCode = input['resultCode'];
    if (resultCode !== undefined && (!isResultCode(resultCode) || resultCode === 'SUCCESS')) {
      throw new ControlApiError(400, 'INVALID_FAULT', `resultCode must be a failure code of the catalogue, e.g. EXPIRED_AUTHCODE or UNKNOWN_EXCEPTION (got ${JSON.stringify(resultCode)})`);
    }
    const count = input['count'] ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1) throw new ControlApiError(400, 'INVALID_FAULT', 'count must be a whole number of calls, 1 or more');
    const latencyMs = input['latencyMs'] ?? 0;
    if (typeof latencyMs !== 'number' || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw new ControlApiError(400, 'INVALID_FAULT', `latencyMs must be between 0 and ${MAX_LATENCY_MS}`);
    }
    if (resultCode === undefined && latencyMs === 0) {
      throw new ControlApiError(400, 'INVALID_FAULT', 'give a resultCode, a latencyMs, or both');
    }
    const namespace = input['namespace'];
    if (namespace !== undefined && typeof namespace !== 'string') throw new ControlApiError(400, 'INVALID_FAULT', 'namespace must be a string');
    const fault: Fault = {
      id: randomBytes(4).toString('hex'),
      api: api as OpenApiName | '*',
      ...(namespace && { namespace }),
      count: count as number,
      latencyMs,
      ...(resultCode !== undefined && { resultCode }),
    };
    this.#faults.push(fault);
    return fault;
  }

  list(namespace?: string): Fault[] {
    return this.#faults.filter((f) => namespace === undefined || f.namespace === namespace).map((f) => ({ ...f }));
  }

  remove(id?: string): void {
    this.#faults = id === undefined ? [] : this.#faults.filter((f) => f.id !== id);
  }

  /** Drops a namespace's faults. */
  clear(namespace: string): void {
    this.#faults = this.#faults.filter((f) => f.namespace !== namespace);
  }

  /**
   * The first fault armed for this API, used up by this call. A namespaced fault only answers
   * calls that concern that namespace's personas.
   */
  take(api: OpenApiName, namespace?: string): Fault | undefined {
    const fault = this.#faults.find((f) => (f.api === api || f.api === '*') && (f.namespace === undefined || f.namespace === namespace));
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return { ...fault };
  }
}
