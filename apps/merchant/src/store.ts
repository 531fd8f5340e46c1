import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { JSONFilePreset } from 'lowdb/node';
import type { Low } from 'lowdb';

/** The merchant's record of a signed-in customer: the tokens stay here, never in the browser. */
export interface CustomerTokens {
  customerId: string;
  accessToken: string;
  accessTokenExpiryTime: string;
  refreshToken: string;
  refreshTokenExpiryTime: string;
  updatedAt: string;
}

export interface MerchantData {
  /** Session id (handed to the mini program) → customerId. */
  sessions: Record<string, string>;
  customers: Record<string, CustomerTokens>;
}

/** A small lowdb file; every change is written before the answer that depends on it is sent. */
export async function openMerchantStore(dir: string): Promise<Low<MerchantData>> {
  mkdirSync(dir, { recursive: true });
  return JSONFilePreset<MerchantData>(join(dir, 'db.json'), { sessions: {}, customers: {} });
}
