import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalStore } from './journalStore.js';
import { describeStoreContract, type ContractData } from './storeContract.js';

// The embedded store (lowdb snapshot + journal) against the same cases as PostgreSQL
// (postgresStore.test.ts). Its transactions run one at a time in this process.
describeStoreContract(
  'embedded (lowdb + journal)',
  async (empty) => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-contract-embedded-'));
    return {
      store: await JournalStore.open<ContractData>({ dir, empty }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { concurrentTransactions: false },
);
