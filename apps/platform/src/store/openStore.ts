import { emptyPlatformData, type PlatformData } from '../domain/model.js';
import type { Store } from '../domain/store.js';
import { JournalStore } from './journalStore.js';
import { PostgresStore } from './postgresStore.js';

/**
 * The store a platform runs on: the embedded one (lowdb snapshot + journal in the data folder),
 * which needs nothing installed, or PostgreSQL when `SANDBOX_DATABASE_URL` names a database.
 */
export async function openStore(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
}): Promise<Store<PlatformData>> {
  // A database: every replica on it shares all state; the migrations it lacks run first.
  if (options.databaseUrl) return PostgresStore.open<PlatformData>({ url: options.databaseUrl });
  return JournalStore.open<PlatformData>({ dir: options.dataDir, empty: emptyPlatformData });
}
