import type { KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readPublicKey } from '@mp-sandbox/openapi-client';
import type { JournalStore } from '../store/journalStore.js';
import type { MerchantClient, MiniProgramApp, Persona, PublicKeyEntry } from '../deps.js';
import type { PlatformData } from './model.js';

/** Apps, merchant clients and personas, and the public keys clients sign with. */
export class Registry {
  readonly #keyFiles = new Map<string, { mtimeMs: number; pem: string }>();
  readonly #parsed = new Map<string, KeyObject>();

  constructor(private readonly store: JournalStore<PlatformData>) {}

  apps(): MiniProgramApp[] {
    return this.store.list('apps');
  }

  app(appId: string): MiniProgramApp | undefined {
    return this.store.get('apps', appId);
  }

  client(clientId: string): MerchantClient | undefined {
    return this.store.get('clients', clientId);
  }

  personas(): Persona[] {
    return this.store.list('personas');
  }

  persona(id: string): Persona | undefined {
    return this.store.get('personas', id);
  }

  /**
   * The key registered for a client's key version, parsed once. A key given as a file is read when
   * needed (and again when the file changes), so a merchant may create its key after the platform
   * started, or replace it while it runs. Says what is wrong when there is no usable key.
   */
  publicKey(client: MerchantClient, keyVersion: string): { key: KeyObject } | { problem: string } {
    const entry = client.publicKeys.find((k) => k.keyVersion === keyVersion);
    if (!entry) {
      const known = client.publicKeys.map((k) => k.keyVersion).join(', ') || 'none';
      return { problem: `no public key with keyVersion ${keyVersion} is registered for ${client.clientId} (registered: ${known})` };
    }
    const pem = this.#pemOf(entry);
    if (pem === undefined) return { problem: `the public key file ${entry.file} of ${client.clientId} keyVersion ${keyVersion} cannot be read` };
    let key = this.#parsed.get(pem);
    if (!key) {
      const read = readPublicKey(pem);
      if ('problem' in read) {
        const where = entry.file ? `the key file ${entry.file}` : 'the registered key';
        return { problem: `${where} of ${client.clientId} keyVersion ${keyVersion}: ${read.problem}` };
      }
      key = read.key;
      this.#parsed.set(pem, key);
    }
    return { key };
  }

  #pemOf(entry: PublicKeyEntry): string | undefined {
    if (entry.pem) return entry.pem;
    if (!entry.file) return undefined;
    try {
      const { mtimeMs } = statSync(entry.file);
      const cached = this.#keyFiles.get(entry.file);
      if (cached?.mtimeMs === mtimeMs) return cached.pem;
      const pem = readFileSync(entry.file, 'utf8');
      this.#keyFiles.set(entry.file, { mtimeMs, pem });
      return pem;
    } catch {
      return undefined;
    }
  }
}
