import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

// Playwright specs (e2e/) run under Playwright, not here.
const TEST_FILES = ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'];

/** The `.test.ts` files under a folder, node_modules left out. */
function testFilesIn(folder: string): string[] {
  if (!existsSync(join(root, folder))) return [];
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFilesIn(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The platform's integration tests: every test file that starts a platform with
 * `startTestPlatform`. They run a second time with each test platform on a database of its own
 * on a real PostgreSQL server; a test of the embedded store only says so with `testStore()`.
 */
function platformIntegrationFiles(): string[] {
  const workspaces = ['packages', 'apps'].flatMap((folder) =>
    readdirSync(join(root, folder)).map((name) => `${folder}/${name}/src`),
  );
  return [...workspaces, 'tests']
    .flatMap(testFilesIn)
    .filter((path) => readFileSync(join(root, path), 'utf8').includes('startTestPlatform('));
}

export default defineConfig({
  test: {
    testTimeout: 20_000,
    // A file's first test platform makes four RSA key pairs (and, on PostgreSQL, takes a database):
    // seconds on a loaded 2-core machine, in a beforeAll.
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'embedded', include: TEST_FILES } },
      {
        extends: true,
        test: {
          name: 'platform on postgres',
          include: platformIntegrationFiles(),
          // One throwaway PostgreSQL server for the run; each test platform copies a template.
          globalSetup: ['apps/platform/src/testing/postgresGlobalSetup.ts'],
          setupFiles: ['apps/platform/src/testing/postgresTestEnv.ts'],
        },
      },
    ],
  },
});
