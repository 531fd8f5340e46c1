import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ensureKeyPair } from '@mp-sandbox/openapi-client';
import { SEED_PERSONAS } from './seed/personas.js';
import { Authorizations } from './domain/authorizations.js';
import { SandboxClock } from './domain/clock.js';
import { EventLog } from './domain/events.js';
import { Faults } from './domain/faults.js';
import { Grants } from './domain/grants.js';
import { emptyPlatformData, type PlatformData } from './domain/model.js';
import { Registry } from './domain/registry.js';
import { JournalStore } from './store/journalStore.js';
import type { PlatformOptions } from './config.js';

/** Everything one running platform holds; routers get it and nothing else. */
export interface Platform {
  options: PlatformOptions;
  store: JournalStore<PlatformData>;
  registry: Registry;
  authorizations: Authorizations;
  clock: SandboxClock;
  events: EventLog;
  faults: Faults;
  grants: Grants;
  /** `signingKey` is the private key parsed once: every gateway answer is signed with it. */
  keys: { signingKey: KeyObject; publicKey: string; publicKeyFile: string };
  /** The URL the platform answers on, known once it listens (avatars link to it). */
  publicUrl: string;
  reset(): Promise<void>;
}

function seededData(options: PlatformOptions): PlatformData {
  const data = emptyPlatformData();
  for (const persona of [...SEED_PERSONAS, ...options.seed.personas]) data.personas[persona.id] = persona;
  for (const app of options.seed.apps) data.apps[app.appId] = app;
  for (const client of options.seed.clients) data.clients[client.clientId] = client;
  return data;
}

export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const store = await JournalStore.open<PlatformData>({ dir: options.dataDir, empty: emptyPlatformData });
  const isNew = Object.keys(store.data.personas).length === 0;
  if (isNew) await store.replaceAll(seededData(options));
  else {
    // The config file is the source of truth for what it registers; edits apply on restart.
    const seed = seededData(options);
    store.commit([
      ...Object.values(seed.apps).map((value) => ({ op: 'put' as const, table: 'apps' as const, key: value.appId, value })),
      ...Object.values(seed.clients).map((value) => ({ op: 'put' as const, table: 'clients' as const, key: value.clientId, value })),
    ]);
  }
  const clock = new SandboxClock(Number(store.data.meta['clockOffsetMs'] ?? 0), (offset) =>
    store.commit([{ op: 'put', table: 'meta', key: 'clockOffsetMs', value: offset }]),
  );
  const events = new EventLog(() => clock.now());
  const { privateKey, publicKey, publicKeyFile } = ensureKeyPair(options.keysDir, 'platform');
  const platform: Platform = {
    options,
    store,
    registry: new Registry(store),
    authorizations: new Authorizations(store, clock, events, () => options.lifetimes),
    clock,
    events,
    faults: new Faults(),
    grants: new Grants(store, clock, events),
    keys: { signingKey: createPrivateKey(privateKey), publicKey, publicKeyFile },
    publicUrl: '',
    async reset() {
      await store.replaceAll(seededData(options));
      clock.reset();
      events.clear();
      platform.faults.remove();
    },
  };
  return platform;
}
