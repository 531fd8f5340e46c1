import { emptyPlatformData, type PlatformData } from '../domain/model.js';
import type { Store } from '../domain/store.js';
import { JournalStore } from './journalStore.js';

/**
 * The store a platform runs on: the embedded one (lowdb snapshot + journal in the data folder),
 * which needs nothing installed. Another adapter of `Store` is chosen here.
 */
export async function openStore(options: { dataDir: string }): Promise<Store<PlatformData>> {
  return JournalStore.open<PlatformData>({ dir: options.dataDir, empty: emptyPlatformData });
}
