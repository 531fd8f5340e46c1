/**
 * `npm run pack [-- --out <dir>] [--no-build]`: builds the published packages and packs each into a
 * tarball (`npm pack`), the files a registry release would hold.
 *
 * The packages' own package.json files serve this repository: their `exports` point at the
 * TypeScript sources, so tsx, Vite, Vitest and Playwright run the code you are editing without a
 * build step, and they stay `private`, so a plain `npm publish` from a package folder is refused.
 * The published manifest is made here, in a staging folder per package: `publishConfig` fields
 * (`exports`, `bin`) replace the top-level ones (as pnpm does), `private`, `scripts` and
 * `devDependencies` go, `@mp-sandbox/*` dependencies get the version ranges of the packages beside
 * them, and the launcher gets the npm dependencies its bundle leaves out. To publish, run
 * `npm publish <tarball>` for each (after claiming the @mp-sandbox scope).
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');

/** The published packages, in build order (each depends only on those before it). */
export const PUBLISHED = [
  'packages/protocol',
  'packages/jsapi',
  'packages/openapi-client',
  'packages/playwright',
  'packages/cli',
];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  [field: string]: unknown;
}

const readManifest = (dir: string) =>
  JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;

/** The manifest as published: see the file's comment. */
export function publishedManifest(dir: string): Manifest {
  const manifest = readManifest(dir);
  const versions = new Map(PUBLISHED.map((d) => [readManifest(d).name, readManifest(d).version]));
  const {
    private: _private,
    scripts: _scripts,
    devDependencies: _dev,
    publishConfig = {},
    ...rest
  } = manifest;
  const { exports, bin, ...registry } = publishConfig as { exports?: unknown; bin?: unknown };
  const published: Manifest = {
    ...rest,
    ...(exports !== undefined && { exports }),
    ...(bin !== undefined && { bin }),
    publishConfig: registry,
  };
  delete published['//'];
  const dependencies = { ...published.dependencies };
  for (const name of Object.keys(dependencies)) {
    if (!name.startsWith('@mp-sandbox/')) continue;
    const version = versions.get(name);
    if (!version)
      throw new Error(
        `${manifest.name} depends on ${name}, which is not published (only ${[...versions.keys()].join(', ')})`,
      );
    dependencies[name] = `^${version}`;
  }
  const bundled = join(root, dir, 'dist/runtime-dependencies.json');
  if (existsSync(bundled))
    Object.assign(
      dependencies,
      JSON.parse(readFileSync(bundled, 'utf8')) as Record<string, string>,
    );
  if (Object.keys(dependencies).length > 0) published.dependencies = dependencies;
  return published;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed:\n${result.stdout}${result.stderr}`,
    );
  return result.stdout;
}

/** Builds (unless `build` is false) and packs every published package into `out`; returns the tarballs. */
export function packAll(out: string, options: { build?: boolean } = {}): string[] {
  mkdirSync(out, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'mp-sandbox-pack-'));
  try {
    return PUBLISHED.map((dir) => {
      const manifest = readManifest(dir);
      if (options.build !== false)
        run('npm', ['run', 'build', '--silent', '-w', manifest.name], root);
      const stage = join(staging, manifest.name.replace('/', '__'));
      mkdirSync(stage);
      for (const entry of [...(manifest.files ?? []), 'README.md']) {
        const from = join(root, dir, entry);
        if (existsSync(from)) cpSync(from, join(stage, entry), { recursive: true });
      }
      writeFileSync(
        join(stage, 'package.json'),
        `${JSON.stringify(publishedManifest(dir), null, 2)}\n`,
      );
      const [packed] = JSON.parse(
        run('npm', ['pack', '--json', '--pack-destination', out], stage),
      ) as Array<{ filename: string }>;
      return join(out, packed!.filename);
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'dist-packages' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const out = resolve(process.env['INIT_CWD'] ?? process.cwd(), values.out!);
  for (const tarball of packAll(out, { build: !values['no-build'] })) console.log(tarball);
}
