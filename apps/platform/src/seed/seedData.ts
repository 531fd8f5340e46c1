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

/** The whole store as the seed makes it (start on an empty folder, and reset). */
export function seededData(seed: PlatformSeed): PlatformData {
  const data = emptyPlatformData();
  for (const persona of seed.personas) data.personas[persona.id] = persona;
  for (const app of seed.apps) data.apps[app.appId] = app;
  for (const client of seed.clients) data.clients[client.clientId] = client;
  return data;
}

/**
 * Seeds a platform at start: an empty store gets the whole seed; a store with data keeps it, and
 * gets the config's apps and clients again (the file is the source of truth for what it
 * registers, and its edits apply on restart).
 */
export async function seedPlatform(platform: Platform, seed: PlatformSeed): Promise<void> {
  if ((await platform.registry.personas()).length === 0) await platform.reset();
  else await platform.registry.register(seed);
}
