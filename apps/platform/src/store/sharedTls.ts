import { caOf, type CaPems } from '../tls.js';
import { PostgresStore } from './postgresStore.js';

/** Where the HTTPS certificate authority (JSON of its PEM certificate and key) is kept on a database. */
export const SHARED_TLS_CA = 'tls.ca';

/**
 * The CA every replica on one database signs its HTTPS certificate with, so that behind a balancer
 * that passes TLS through (the team profile's nginx) a merchant trusts one `ca.pem` whichever
 * replica answers. The first replica to start offers its data folder's CA (one merchants may
 * already trust) or a new one; every replica takes the one the database kept. Undefined on the
 * embedded store, whose one process keeps its CA in its own folder.
 */
export async function sharedTlsCa(store: unknown, dir: string): Promise<CaPems | undefined> {
  if (!(store instanceof PostgresStore)) return undefined;
  return JSON.parse(await store.shared(SHARED_TLS_CA, () => JSON.stringify(caOf(dir)))) as CaPems;
}
