import type { KeyObject } from 'node:crypto';
import { Authorizations, DEFAULT_LIFETIMES } from './domain/authorizations.js';
import { SandboxClock } from './domain/clock.js';
import { ConsentPolicies } from './domain/consentPolicies.js';
import { ConsentRequests } from './domain/consentRequests.js';
import { EventLog } from './domain/events.js';
import { Faults } from './domain/faults.js';
import { Grants } from './domain/grants.js';
import type { PlatformData } from './domain/model.js';
import { Namespaces } from './domain/namespaces.js';
import { keyFileReader } from './keyFiles.js';
import { Registry } from './domain/registry.js';
import { RuleModes } from './domain/rules.js';
import type { Store } from './domain/store.js';
import { walletProfile, type Rules, type WalletProfile } from './deps.js';
import type { PlatformOptions, PlatformSeed } from './config.js';
import { seededData } from './seed/seedData.js';

/** The platform key pair: `signingKey` is the private key parsed once (every gateway answer is signed with it). */
export interface PlatformKeys {
  signingKey: KeyObject;
  publicKey: string;
  publicKeyFile: string;
}

/** Everything one running platform holds; routers get it and call its domain operations. */
export interface Platform {
  options: PlatformOptions;
  /** The store, for the edge (durable answers, closing) and tests; routers never touch it. */
  store: Store<PlatformData>;
  registry: Registry;
  authorizations: Authorizations;
  clock: SandboxClock;
  events: EventLog;
  faults: Faults;
  grants: Grants;
  policies: ConsentPolicies;
  namespaces: Namespaces;
  /** The wallet's pending consent sheets. */
  consentRequests: ConsentRequests;
  /** The wallet an app runs in: its own `wallet`, else the sandbox's (`wallet` in the config), else Alipay+. */
  walletOf(appId: string | undefined): Promise<WalletProfile>;
  /** The rule modes in force for an app: DEFAULT_RULES, the config's, the control API's, the app's own. */
  rulesOf(appId: string | undefined): Promise<Rules>;
  /** Changes the sandbox's rule modes until a reset (POST /sandbox/v1/rules). */
  setRules(rules: Partial<Rules>): Promise<void>;
  /** The namespace a persona belongs to (a parallel test worker's), if any. */
  namespaceOf(userId: string): Promise<string | undefined>;
  keys: PlatformKeys;
  /** The URL the platform answers on, known once it listens (avatars link to it). */
  publicUrl: string;
  /** The HTTPS gateway's URL, when the platform listens with TLS. */
  publicTlsUrl?: string;
  /** Back to the seed: every table, clock, fault, policy, rule and event. */
  reset(): Promise<void>;
}

/** What the edge (server.ts) gives the core: an opened store, the keys, and the seed. */
export interface PlatformParts {
  store: Store<PlatformData>;
  keys: PlatformKeys;
  /** What a reset goes back to (the config's seed over the built-in personas). */
  seed: PlatformSeed;
}

/** Wires the domain modules over one store. Reads no file and no config: the edge did. */
export function createPlatform(
  options: PlatformOptions,
  { store, keys, seed }: PlatformParts,
): Platform {
  const registry = new Registry(store, keyFileReader());
  const clock = new SandboxClock(store);
  const namespaceOf = (userId: string) => registry.namespaceOf(userId);
  // The persona and the global clock read together (one round trip on a database); a persona in
  // a namespace then reads its namespace's clock.
  const timeOf = async (userId: string) => {
    const [namespace, globalNow] = await Promise.all([namespaceOf(userId), clock.now()]);
    return namespace === undefined ? globalNow : clock.now(namespace);
  };
  const events = new EventLog(store, () => clock.now(), namespaceOf);
  const faults = new Faults(store);
  const policies = new ConsentPolicies(store);
  const rules = new RuleModes(store, registry, options.rules);
  const walletOf = async (appId: string | undefined) =>
    walletProfile(
      (appId !== undefined ? (await registry.app(appId))?.wallet : undefined) ?? options.wallet,
    );
  // A wallet's documented authCode lifetime applies unless the config, the environment or the
  // caller (a test's options) set another.
  const ownCodeTtl =
    options.lifetimesSet?.includes('authCodeMs') ||
    options.lifetimes.authCodeMs !== DEFAULT_LIFETIMES.authCodeMs;
  const lifetimesOf = async (appId: string | undefined) =>
    ownCodeTtl
      ? options.lifetimes
      : { ...options.lifetimes, authCodeMs: (await walletOf(appId)).authCodeTtlMs };
  const authorizations = new Authorizations(store, timeOf, events, lifetimesOf);
  const grants = new Grants(store, timeOf, events, authorizations);
  return {
    options,
    store,
    registry,
    authorizations,
    clock,
    events,
    faults,
    grants,
    policies,
    namespaces: new Namespaces({
      store,
      registry,
      authorizations,
      grants,
      clock,
      events,
      faults,
      policies,
      seedPersonas: () => seed.personas,
    }),
    consentRequests: new ConsentRequests(store),
    namespaceOf,
    walletOf,
    rulesOf: (appId) => rules.of(appId),
    setRules: (changed) => rules.set(changed),
    keys,
    publicUrl: '',
    async reset() {
      // The clocks' offsets, faults, policies, rules and pending consent are tables too: one replace.
      await store.replaceAll(seededData(seed));
      clock.forgetAll();
      await events.clear();
    },
  };
}
