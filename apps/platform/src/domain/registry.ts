import { readFileSync, statSync } from 'node:fs';
import type { JournalStore } from '../store/journalStore.js';
import type { MerchantClient, MiniProgramApp, Persona, PublicKeyEntry } from '../deps.js';
import type { PlatformData } from './model.js';

/** Apps, merchant clients and personas, and the public keys clients sign with. */
export class Registry {
  readonly #keyFiles = new Map<string, { mtimeMs: number; pem: string }>();

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
   * The PEM registered for a client's key version. A key given as a file is read when needed, so
   * a merchant may create its key after the platform started, or replace it while it runs.
   */
  publicKey(client: MerchantClient, keyVersion: string): string | undefined {
    const entry = client.publicKeys.find((k) => k.keyVersion === keyVersion);
    return entry && this.#pemOf(entry);
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
