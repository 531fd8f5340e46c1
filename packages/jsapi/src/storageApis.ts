import type { EmptyResult, JsapiError } from '@mp-sandbox/protocol';
import {
  callbacksOf,
  JsapiSyncError,
  nothing,
  settle,
  toJsapiError,
  type Callbacks,
} from './callbacks.js';
import type { JsapiContext } from './context.js';
import { StorageFailure } from './storage.js';

export interface StorageKey {
  key: string;
}

export interface StorageEntry extends StorageKey {
  data: unknown;
}

export interface GetStorageResult {
  /** null when the key holds nothing. */
  data: unknown;
}

export interface RemoveStorageResult {
  success: true;
}

export interface ClearStorageResult {
  success: boolean;
}

/** setStorageSync reports failure in its result, as the platform declares it. */
export interface SetStorageSyncResult {
  success: boolean;
  error?: number;
  errorMessage?: string;
}

/**
 * Storage in the mini program's own origin, per app and per persona. The synchronous forms are
 * truly synchronous (no round trip to the shell); the asynchronous forms use the same store.
 * Synchronous forms other than setStorageSync throw a {@link JsapiSyncError} when they fail.
 */
export interface StorageApis {
  setStorage(options: StorageEntry & Callbacks<EmptyResult>): Promise<void>;
  setStorageSync(options: StorageEntry): SetStorageSyncResult;
  getStorage(options: StorageKey & Callbacks<GetStorageResult>): Promise<GetStorageResult>;
  getStorageSync(options: StorageKey): GetStorageResult;
  removeStorage(options: StorageKey & Callbacks<RemoveStorageResult>): Promise<RemoveStorageResult>;
  removeStorageSync(options: StorageKey): RemoveStorageResult;
  clearStorage(options?: Callbacks<ClearStorageResult>): Promise<ClearStorageResult>;
  clearStorageSync(): ClearStorageResult;
}

function errorOf(error: unknown): JsapiError {
  return error instanceof StorageFailure ? error.jsapiError : toJsapiError(error);
}

/** Runs a storage step now, and reports its outcome the asynchronous way. */
function later<T>(step: () => T): Promise<T> {
  try {
    return Promise.resolve(step());
  } catch (error) {
    return Promise.reject(errorOf(error));
  }
}

function now<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw new JsapiSyncError(errorOf(error));
  }
}

/** The key of an options object, or the value itself when a wx-style call passed a bare key. */
function keyOf(options: unknown): unknown {
  return typeof options === 'object' && options !== null
    ? (options as Partial<StorageKey>).key
    : options;
}

function dataOf(options: unknown): unknown {
  return typeof options === 'object' && options !== null
    ? (options as Partial<StorageEntry>).data
    : undefined;
}

export function storageApis({ storage }: JsapiContext): StorageApis {
  return {
    setStorage: (options) =>
      settle(
        later(() => (storage.set(keyOf(options), dataOf(options)), {})),
        callbacksOf(options),
        nothing,
      ),
    setStorageSync(options) {
      try {
        storage.set(keyOf(options), dataOf(options));
        return { success: true };
      } catch (error) {
        const { error: code, errorMessage } = errorOf(error);
        return { success: false, error: code, errorMessage };
      }
    },
    getStorage: (options) =>
      settle(
        later(() => ({ data: storage.get(keyOf(options)) })),
        callbacksOf(options),
      ),
    getStorageSync: (options) => now(() => ({ data: storage.get(keyOf(options)) })),
    removeStorage: (options) =>
      settle(
        later(() => (storage.remove(keyOf(options)), { success: true as const })),
        callbacksOf(options),
      ),
    removeStorageSync: (options) =>
      now(() => (storage.remove(keyOf(options)), { success: true as const })),
    clearStorage: (options) =>
      settle(
        later(() => (storage.clear(), { success: true })),
        callbacksOf(options),
      ),
    clearStorageSync: () => now(() => (storage.clear(), { success: true })),
  };
}
