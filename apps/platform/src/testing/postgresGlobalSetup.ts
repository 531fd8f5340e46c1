/**
 * Vitest global setup of the project "platform on postgres" (vitest.config.ts): one throwaway
 * PostgreSQL server for the whole run (fsync off), with the migrated template database that every
 * test platform's database is copied from. Its URL reaches the test files through `provide`
 * (postgresTestEnv.ts puts it in their environment).
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgresServer.js';
import { prepareTestServer } from './testStore.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testPostgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  try {
    await prepareTestServer(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('testPostgresUrl', server.url);
  return () => server.stop();
}
