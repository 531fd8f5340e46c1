import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ensureKeyPair } from '@mp-sandbox/openapi-client';
import { SEED_PERSONAS } from './seed/personas.js';
import { Authorizations, DEFAULT_LIFETIMES } from './domain/authorizations.js';
import { SandboxClock } from './domain/clock.js';
import { EventLog } from './domain/events.js';
import { Faults } from './domain/faults.js';
import { Grants } from './domain/grants.js';
import { ConsentPolicies } from './domain/consentPolicies.js';
import { Namespaces } from './domain/namespaces.js';
import { DEFAULT_RULES, walletProfile, type Persona, type Rules, type WalletProfile } from './deps.js';
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
  policies: ConsentPolicies;
  namespaces: Namespaces;
  /** The wallet an app runs in: its own `wallet`, else the sandbox's (`wallet` in the config), else Alipay+. */
  walletOf(appId: string | undefined): WalletProfile;
  /** The rule modes in force for an app: DEFAULT_RULES, the config's, the control API's, the app's own. */
  rulesOf(appId: string | undefined): Rules;
  /** Changes the sandbox's rule modes until a reset (POST /sandbox/v1/rules). */
  setRules(rules: Partial<Rules>): void;
  /** The namespace a persona belongs to (a parallel test worker's), if any. */
  namespaceOf(userId: string): string | undefined;
  /** `signingKey` is the private key parsed once: every gateway answer is signed with it. */
  keys: { signingKey: KeyObject; publicKey: string; publicKeyFile: string };
  /** The URL the platform answers on, known once it listens (avatars link to it). */
  publicUrl: string;
  /** The HTTPS gateway's URL, when the platform listens with TLS. */
  publicTlsUrl?: string;
  reset(): Promise<void>;
}

/** The meta key each clock's offset is kept under: `clockOffsetMs` (global), `clockOffsetMs<ns>`. */
const CLOCK_KEY = 'clockOffsetMs';

function clockOffsets(meta: Record<string, number | string>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(meta).filter(([key]) => key.startsWith(CLOCK_KEY)).map(([key, value]) => [key.slice(CLOCK_KEY.length), Number(value)]),
  );
}

function seedPersonas(options: PlatformOptions): Persona[] {
  return [...new Map([...SEED_PERSONAS, ...options.seed.personas].map((p) => [p.id, p])).values()];
}

function seededData(options: PlatformOptions): PlatformData {
  const data = emptyPlatformData();
  for (const persona of seedPersonas(options)) data.personas[persona.id] = persona;
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
  const clock = new SandboxClock(clockOffsets(store.data.meta), (namespace, offset) =>
    store.commit([{ op: 'put', table: 'meta', key: `${CLOCK_KEY}${namespace}`, value: offset }]),
  );
  const namespaceOf = (userId: string) => store.get('personas', userId)?.namespace;
  const timeOf = (userId: string) => clock.now(namespaceOf(userId));
  const events = new EventLog(() => clock.now(), namespaceOf);
  const faults = new Faults();
  const policies = new ConsentPolicies();
  const { privateKey, publicKey, publicKeyFile } = ensureKeyPair(options.keysDir, 'platform');
  let runtimeRules: Partial<Rules> = {};
  const walletOf = (appId: string | undefined) => walletProfile((appId !== undefined ? store.get('apps', appId)?.wallet : undefined) ?? options.wallet);
  // A wallet's documented authCode lifetime applies unless the config, the environment or the
  // caller (a test's options) set another.
  const ownCodeTtl = options.lifetimesSet?.includes('authCodeMs') || options.lifetimes.authCodeMs !== DEFAULT_LIFETIMES.authCodeMs;
  const lifetimesOf = (appId: string | undefined) =>
    ownCodeTtl ? options.lifetimes : { ...options.lifetimes, authCodeMs: walletOf(appId).authCodeTtlMs };
  const platform: Platform = {
    options,
    store,
    registry: new Registry(store),
    authorizations: new Authorizations(store, timeOf, events, (appId) => lifetimesOf(appId)),
    clock,
    events,
    faults,
    grants: new Grants(store, timeOf, events),
    policies,
    namespaces: new Namespaces({ store, clock, events, faults, policies, seedPersonas: () => seedPersonas(options) }),
    namespaceOf,
    walletOf,
    rulesOf(appId) {
      const app = appId !== undefined ? store.get('apps', appId) : undefined;
      return { ...DEFAULT_RULES, ...options.rules, ...runtimeRules, ...app?.rules };
    },
    setRules(rules) {
      runtimeRules = { ...runtimeRules, ...rules };
    },
    keys: { signingKey: createPrivateKey(privateKey), publicKey, publicKeyFile },
    publicUrl: '',
    async reset() {
      await store.replaceAll(seededData(options));
      clock.resetAll();
      events.clear();
      faults.remove();
      policies.remove();
      runtimeRules = {};
    },
  };
  return platform;
}
