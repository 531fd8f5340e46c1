/**
 * Writes a platform store that already holds `tokens` token pairs into its data folder before the
 * platform starts, through the embedded store itself (so `db.json` is in the layout the store
 * writes and reads as it streams; see snapshotFile.ts). Each pair comes with the used authCode it
 * was exchanged for and its refresh-index entry, as a real store that served that many logins
 * would hold.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  customerIdFor,
  emptyPlatformData,
  JournalStore,
  newAccessToken,
  newAuthCode,
  newCorrelationId,
  newRefreshToken,
  SEED_PERSONAS,
  type PlatformData,
} from '@mp-sandbox/platform/testing';
import type { PlatformSeed } from '@mp-sandbox/platform/config';
import type { ScopeName } from '@mp-sandbox/protocol';

const SCOPES: ScopeName[] = ['auth_base', 'auth_user'];

export function seededStore(seed: PlatformSeed, tokens: number, now = Date.now()): PlatformData {
  const data = emptyPlatformData();
  for (const persona of [...SEED_PERSONAS, ...seed.personas]) data.personas[persona.id] = persona;
  for (const app of seed.apps) data.apps[app.appId] = app;
  for (const client of seed.clients) data.clients[client.clientId] = client;
  const app = seed.apps[0];
  if (!app) throw new Error('the seed has no app to issue tokens for');
  const customerIds = new Map(SEED_PERSONAS.map((p) => [p.id, customerIdFor(p.id, app.appId)]));
  for (let i = 0; i < tokens; i++) {
    const persona = SEED_PERSONAS[i % SEED_PERSONAS.length]!;
    const issuedAt = now - (tokens - i) * 10;
    const correlationId = newCorrelationId();
    const code = newAuthCode();
    data.authCodes[code] = {
      code,
      appId: app.appId,
      clientId: app.authClientId,
      userId: persona.id,
      scopes: SCOPES,
      issuedAt: issuedAt - 500,
      expiresAt: issuedAt - 500 + 5 * 60_000,
      usedAt: issuedAt,
      correlationId,
    };
    const accessToken = newAccessToken();
    const refreshToken = newRefreshToken();
    data.tokens[accessToken] = {
      accessToken,
      refreshToken,
      appId: app.appId,
      clientId: app.authClientId,
      userId: persona.id,
      customerId: customerIds.get(persona.id)!,
      scopes: SCOPES,
      issuedAt,
      accessExpiresAt: issuedAt + 60 * 60_000,
      refreshExpiresAt: issuedAt + 30 * 24 * 60 * 60_000,
      correlationId,
    };
    data.refreshIndex[refreshToken] = accessToken;
  }
  return data;
}

/** Writes the store as the platform's own store writes it, returning the size of `db.json`. */
export async function writeSeededStore(dataDir: string, data: PlatformData): Promise<number> {
  const store = await JournalStore.open<PlatformData>({ dir: dataDir, empty: emptyPlatformData });
  await store.replaceAll(data);
  await store.close();
  return statSync(join(dataDir, 'db.json')).size;
}

export function rowCount(data: Readonly<PlatformData>): number {
  let rows = 0;
  for (const table of Object.values(data)) rows += Object.keys(table).length;
  return rows;
}
