import type { JsapiError } from '@mp-sandbox/protocol';
import { jsapiError } from './callbacks.js';

/** The platform's documented limit for one key's data (200 KB), checked on the stored JSON text. */
export const MAX_ENTRY_CHARS = 200 * 1024;

/** The prefix of every key this jsapi writes; the namespace part is per app and per persona. */
export function storagePrefix(namespace: string): string {
  return `mp-sandbox:${namespace}:`;
}

/** A storage failure carries the JSAPI error the mini program is given. */
export class StorageFailure extends Error {
  constructor(readonly jsapiError: JsapiError) {
    super(jsapiError.errorMessage);
  }
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key === '') {
    throw new StorageFailure(
      jsapiError(
        'INVALID_PARAM',
        `key must be a non-empty string, not ${JSON.stringify(key) ?? String(key)} (pass { key })`,
      ),
    );
  }
  return key;
}

/**
 * One app's storage for one persona, inside the mini program origin's localStorage. Every key is
 * prefixed with the launch's storage namespace, so two apps on one origin, or two personas of one
 * app, never see each other's data, and `clear` removes only this app's and persona's keys.
 * Values are kept as JSON, as the platform keeps them.
 */
export class NamespacedStorage {
  readonly #prefix: string;

  constructor(
    private readonly backing: () => Storage,
    namespace: string,
  ) {
    this.#prefix = storagePrefix(namespace);
  }

  #store(): Storage {
    try {
      return this.backing();
    } catch (error) {
      throw new StorageFailure(
        jsapiError(
          'ERROR_UNKNOW',
          `this browser refuses the mini program local storage (${(error as Error).message})`,
        ),
      );
    }
  }

  /** The stored data, or null when the key holds nothing (as the platform answers). */
  get(key: unknown): unknown {
    const raw = this.#store().getItem(this.#prefix + checkKey(key));
    if (raw === null) return null;
    try {
      return (JSON.parse(raw) as { data: unknown }).data ?? null;
    } catch {
      // Written by someone else under our prefix: report it rather than hand back garbage.
      throw new StorageFailure(
        jsapiError(
          'ERROR_UNKNOW',
          `the stored value of ${JSON.stringify(key)} is not JSON; remove it`,
        ),
      );
    }
  }

  set(key: unknown, data: unknown): void {
    const name = checkKey(key);
    if (data === undefined)
      throw new StorageFailure(
        jsapiError(
          'INVALID_PARAM',
          `data is required (pass { key, data }); to delete ${JSON.stringify(name)}, use removeStorage`,
        ),
      );
    let text: string;
    try {
      text = JSON.stringify({ data });
    } catch (error) {
      throw new StorageFailure(
        jsapiError(
          'INVALID_PARAM',
          `data of ${JSON.stringify(name)} cannot be stored as JSON (${(error as Error).message})`,
        ),
      );
    }
    if (text.length > MAX_ENTRY_CHARS) {
      throw new StorageFailure(
        jsapiError(
          'INVALID_PARAM',
          `data of ${JSON.stringify(name)} is ${Math.ceil(text.length / 1024)} KB; the platform keeps at most 200 KB per key`,
        ),
      );
    }
    try {
      this.#store().setItem(this.#prefix + name, text);
    } catch (error) {
      throw new StorageFailure(
        jsapiError('ERROR_UNKNOW', `the browser's storage is full (${(error as Error).message})`),
      );
    }
  }

  remove(key: unknown): void {
    this.#store().removeItem(this.#prefix + checkKey(key));
  }

  clear(): void {
    const store = this.#store();
    const mine: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(this.#prefix)) mine.push(key);
    }
    for (const key of mine) store.removeItem(key);
  }
}
