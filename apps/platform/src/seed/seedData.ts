import type { PlatformOptions, PlatformSeed } from '../config.js';
import { emptyPlatformData, type PlatformData } from '../domain/model.js';
import type { Platform } from '../platform.js';
import { SEED_PERSONAS } from './personas.js';

/** What the platform starts with and goes back to on reset: the config's seed over the built-in personas. */
export function seedOf(options: Pick<PlatformOptions, 'seed'>): PlatformSeed {
  const personas = [
    ...new Map([...SEED_PERSONAS, ...options.seed.personas].map((p) => [p.id, p])).values(),
  ];
  return { ...options.seed, personas };
}

/** The `meta` key that says the seed was written (what a reset writes keeps it). */
export const SEEDED_AT = 'seededAt';

/** The whole store as the seed makes it (start on an empty store, and reset). */
export function seededData(seed: PlatformSeed): PlatformData {
  const data = emptyPlatformData();
  data.meta[SEEDED_AT] = new Date().toISOString();
  for (const persona of seed.personas) data.personas[persona.id] = persona;
  for (const app of seed.apps) data.apps[app.appId] = app;
  for (const client of seed.clients) data.clients[client.clientId] = client;
  return data;
}

/**
 * Seeds a platform at start, in one transaction: an empty store gets the whole seed; a seeded
 * store keeps its data, and gets the config's apps and clients again where they differ (the file
 * is the source of truth for what it registers, and its edits apply on restart). Replicas that
 * start together on one empty database meet at the `seededAt` marker: reading it while it is
 * missing locks it (the store contract), so the first writes the seed and the others wait, then
 * find it written. Before, each saw an empty store and reset it, wiping what an earlier one had
 * already served.
 */
export async function seedPlatform(platform: Platform, seed: PlatformSeed): Promise<void> {
  await platform.store.transaction(async (tx) => {
    const marked = (await tx.get('meta', SEEDED_AT)) !== undefined;
    // A store seeded before the marker existed has personas (the seed always holds some).
    if (marked || (await tx.list('personas')).length > 0) {
      if (!marked) tx.put('meta', SEEDED_AT, new Date().toISOString());
      await platform.registry.registerIn(tx, seed);
      return;
    }
    for (const [table, rows] of Object.entries(seededData(seed)))
      for (const [key, value] of Object.entries(rows))
        tx.put(table as keyof PlatformData & string, key, value as never);
  });
}
