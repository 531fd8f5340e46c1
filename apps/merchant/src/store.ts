import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { JSONFilePreset } from 'lowdb/node';
import type { Low } from 'lowdb';
import type { StoredTokens, TokenStore } from '@mp-sandbox/openapi-client';

export interface MerchantData {
  /** Session id (handed to the mini program) → customerId. The tokens stay on the server. */
  sessions: Record<string, string>;
  customers: Record<string, StoredTokens>;
}

export type MerchantDb = Low<MerchantData>;

/** A small lowdb file; every change is written before the answer that depends on it is sent. */
export async function openMerchantDb(dir: string): Promise<MerchantDb> {
  mkdirSync(dir, { recursive: true });
  return JSONFilePreset<MerchantData>(join(dir, 'db.json'), { sessions: {}, customers: {} });
}

/** The token manager's store, kept in the merchant's lowdb file. */
export function lowdbTokenStore(db: MerchantDb): TokenStore {
  return {
    async get(customerId) {
      return db.data.customers[customerId];
    },
    async set(tokens) {
      db.data.customers[tokens.customerId] = tokens;
      await db.write();
    },
    async delete(customerId) {
      delete db.data.customers[customerId];
      await db.write();
    },
  };
}
