import { createHash, randomBytes } from 'node:crypto';

/** Random bytes drawn from a pool refilled 4 KiB at a time: one system call per ~200 credentials. */
let pool = Buffer.alloc(0);
function random(bytes: number): Buffer {
  if (pool.length < bytes) pool = randomBytes(4096);
  const taken = pool.subarray(0, bytes);
  pool = pool.subarray(bytes);
  return taken;
}

/** Gateway-style credentials: upper-case hex, no characters the platform forbids (`@ # ?`). */
export function newCredential(prefix: string, bytes: number): string {
  return `${prefix}${random(bytes).toString('hex').toUpperCase()}`;
}

export const newAuthCode = () => newCredential('2810', 16);
export const newAccessToken = () => newCredential('2810AT', 20);
export const newRefreshToken = () => newCredential('2810RT', 20);
export const newCorrelationId = () => random(8).toString('hex');

/** customerIdFor's answers: every exchange asks, for a handful of (persona, app) pairs. */
const customerIds = new Map<string, string>();
const CUSTOMER_IDS_KEPT = 10_000;

/**
 * The user's id as one merchant sees it: stable for (persona, app), different across apps, so a
 * merchant cannot match users with another merchant's ids. 20 digits, as the platform's are.
 */
export function customerIdFor(personaId: string, appId: string): string {
  const key = `${personaId}\u0000${appId}`;
  let id = customerIds.get(key);
  if (id === undefined) {
    const digest = createHash('sha256').update(key).digest();
    id = `1000${digest.readBigUInt64BE(0).toString().padStart(20, '0').slice(-16)}`;
    // A hash per exchange was a measured cost of applyToken. Bounded: an id is cheap to make again.
    if (customerIds.size >= CUSTOMER_IDS_KEPT) customerIds.clear();
    customerIds.set(key, id);
  }
  return id;
}

let lastStamp = 0;
/**
 * An increasing number for the order records were made in (faults armed, policies added): wall
 * time in microseconds, never twice the same in this process.
 */
export function newStamp(): number {
  lastStamp = Math.max(Date.now() * 1000, lastStamp + 1);
  return lastStamp;
}
