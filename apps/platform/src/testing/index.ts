/**
 * `@mp-sandbox/platform/testing`: a real platform in the test's own process (127.0.0.1, a free
 * port, a throw-away folder, real RSA keys), for the tests of other workspaces and the benches,
 * and the pieces a bench needs to seed a store of any size before the platform starts.
 */
export * from './testPlatform.js';
export { DEFAULT_LIFETIMES } from '../domain/authorizations.js';
export {
  customerIdFor,
  newAccessToken,
  newAuthCode,
  newCorrelationId,
  newRefreshToken,
} from '../domain/ids.js';
export { emptyPlatformData, type PlatformData } from '../domain/model.js';
export { SEED_PERSONAS } from '../seed/personas.js';
/** The embedded store, for benches that measure its files and compaction. */
export { JournalStore } from '../store/journalStore.js';
/** Which store this process's test platforms run on, for the tests of one store only. */
export { testStore, type TestStoreKind } from './testStore.js';
