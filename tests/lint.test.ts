/**
 * The floors rule (scripts/lint/floors.js) run through the real eslint.config.js on
 * tests/fixtures/lint, a tree shaped like the repository's whose files break each floor on
 * purpose (bad.ts) or keep them (good.*). The real `npm run lint` ignores that folder.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const fixtures = resolve(import.meta.dirname, 'fixtures/lint');
const config = resolve(root, 'eslint.config.js');

/** file (relative to the fixture root) → "line:ruleId spec" of each problem. */
let problems: Map<string, string[]>;

type FloorsOptions = { root: string; apps: string[]; allow: { file: string; import: string }[] };

/** The floors rule's options as the real config gives them (to scripts/keys.ts, as to any file). */
async function realOptions(): Promise<FloorsOptions> {
  const eslint = new ESLint({ cwd: root });
  const { rules } = (await eslint.calculateConfigForFile(resolve(root, 'scripts/keys.ts'))) as {
    rules: Record<string, [unknown, FloorsOptions]>;
  };
  const options = rules['floors/imports']?.[1];
  if (!options) throw new Error('eslint.config.js does not turn on floors/imports');
  return options;
}

beforeAll(async () => {
  // The real config and rule, rooted at the fixture tree; ignore: false, because the real config
  // ignores this very folder.
  const options = { ...(await realOptions()), root: fixtures };
  const eslint = new ESLint({
    cwd: fixtures,
    overrideConfigFile: config,
    overrideConfig: { rules: { 'floors/imports': ['error', options] } },
    ignore: false,
  });
  const results = await eslint.lintFiles(['.']);
  problems = new Map(
    results.map((r) => [
      r.filePath.slice(fixtures.length + 1),
      // The message starts with the import it names: "<import>: <why>".
      r.messages.map((m) => `${m.line}:${m.ruleId ?? 'fatal'} ${m.message.split(': ')[0]}`),
    ]),
  );
}, 60_000);

describe('npm run lint keeps the floors', () => {
  it('the protocol imports nothing of ours, by package name or by relative path', () => {
    expect(problems.get('packages/protocol/src/bad.ts')).toEqual([
      '2:floors/imports @mp-sandbox/playwright',
      '3:floors/imports ../../jsapi/src/index.js',
    ]);
  });

  it('an app never imports another app, by path or by name', () => {
    expect(problems.get('apps/merchant/src/bad.ts')).toEqual([
      '2:floors/imports ../../platform/src/server.js',
      '3:floors/imports @mp-sandbox/platform',
    ]);
  });

  it('a package never imports an app (a dynamic import too)', () => {
    expect(problems.get('packages/openapi-client/src/bad.ts')).toEqual([
      '2:floors/imports ../../../apps/platform/src/server.js',
    ]);
  });

  it("the shell's browser code imports no Node built-ins and no server code", () => {
    expect(problems.get('apps/shell/src/bad.ts')).toEqual([
      '2:floors/imports node:fs',
      '3:floors/imports express',
      '4:floors/imports ../server/proxyPolicy.js',
    ]);
  });

  it('nothing outside a workspace reaches into its src/ (re-exports too)', () => {
    expect(problems.get('scripts/bad.ts')).toEqual([
      '2:floors/imports ../apps/platform/src/server.js',
      '3:floors/imports @mp-sandbox/protocol/src/index.js',
    ]);
  });

  it('imports that keep the floors pass (and Node built-ins in a shell test)', () => {
    expect(problems.get('packages/jsapi/src/good.ts')).toEqual([]);
    expect(problems.get('apps/shell/src/good.test.tsx')).toEqual([]);
  });

  it('eslint.config.js lists no exception: nothing breaks a floor, the tree lints clean', async () => {
    // Issue 11 moved the last imports of another workspace's src/ to packages with exports; the
    // list only shrinks, and it is empty now.
    const { allow } = await realOptions();
    expect(allow).toEqual([]);
    const eslint = new ESLint({ cwd: root });
    const files = ['scripts/lib/production.ts', 'bench/src/seed.ts', 'tests/tokenManager.test.ts'];
    const floors = (await eslint.lintFiles(files)).flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'floors/imports').map((m) => m.message),
    );
    expect(floors).toEqual([]);
  });

  it('the fixture folder is no part of the real lint', async () => {
    const eslint = new ESLint({ cwd: root });
    const fixture = resolve(fixtures, 'packages/protocol/src/bad.ts');
    expect(await eslint.isPathIgnored(fixture)).toBe(true);
    expect(await eslint.isPathIgnored(resolve(root, 'packages/protocol/src/index.ts'))).toBe(false);
  });
});
