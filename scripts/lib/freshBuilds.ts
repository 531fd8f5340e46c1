/**
 * In the checkout, `npm run sandbox` serves production builds of the shell and the sample mini
 * programs. A build older than any of its sources is made again first, so what you see is always
 * the source you have (the published launcher ships its builds and never gets here).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

interface Build {
  label: string;
  workspace: string;
  /** The npm script that makes it (default `build`). */
  script?: string;
  output: string;
  inputs: string[];
}

/**
 * Vite keeps a NODE_ENV it inherits: under a test runner (NODE_ENV=test) it would build React's
 * development runtime, several times slower to render than what users get.
 */
const PRODUCTION_ENV = { ...process.env, NODE_ENV: 'production' };

const SHARED = ['packages/protocol/src', 'packages/protocol/package.json'];
const BUILDS: Build[] = [
  {
    label: 'my.js (the script-tag build of @mp-sandbox/jsapi)',
    workspace: '@mp-sandbox/jsapi',
    script: 'build:script',
    output: 'packages/jsapi/dist/my.js',
    inputs: ['packages/jsapi/src', 'packages/jsapi/scripts', ...SHARED],
  },
  {
    label: 'the sample mini programs',
    workspace: '@mp-sandbox/mini-program',
    output: 'apps/mini-program/dist/index.html',
    inputs: [
      'apps/mini-program/src',
      'apps/mini-program/index.html',
      'apps/mini-program/scopes.html',
      'apps/mini-program/lab.html',
      'apps/mini-program/vite.config.ts',
      'apps/mini-program/public',
      'packages/jsapi/src',
      ...SHARED,
    ],
  },
  {
    label: 'the wallet shell',
    workspace: '@mp-sandbox/shell',
    // Its build script makes the page (dist), then the server build that draws the home (dist-server).
    output: 'apps/shell/dist-server/renderHome.js',
    inputs: [
      'apps/shell/src',
      'apps/shell/index.html',
      'apps/shell/vite.config.ts',
      'apps/shell/public',
      ...SHARED,
    ],
  },
];

/** The newest modification time under `path` (0 when it does not exist). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

/** The builds that are missing or older than one of their sources (of `parts` only, when given). */
export function staleBuilds(parts?: Array<'shell' | 'miniProgram'>): Build[] {
  const wanted = new Set(
    parts === undefined
      ? BUILDS.map((b) => b.workspace)
      : [
          '@mp-sandbox/jsapi',
          ...parts.map((p) => (p === 'shell' ? '@mp-sandbox/shell' : '@mp-sandbox/mini-program')),
        ],
  );
  return BUILDS.filter((build) => {
    if (!wanted.has(build.workspace)) return false;
    const output = join(ROOT, build.output);
    if (!existsSync(output)) return true;
    const built = statSync(output).mtimeMs;
    return build.inputs.some((input) => newest(join(ROOT, input)) > built);
  });
}

/** Builds what is stale (`npm run build -w <workspace>`); throws with the build's output if one fails. */
export function ensureFreshBuilds(
  parts?: Array<'shell' | 'miniProgram'>,
  log: (line: string) => void = console.log,
): void {
  if (parts !== undefined && parts.length === 0) return;
  for (const build of staleBuilds(parts)) {
    log(`sandbox: building ${build.label} (its sources changed since the last build)…`);
    const result = spawnSync(
      'npm',
      ['run', build.script ?? 'build', '--silent', '-w', build.workspace],
      { cwd: ROOT, encoding: 'utf8', env: PRODUCTION_ENV },
    );
    if (result.status !== 0) {
      throw new Error(
        `building ${build.label} failed (npm run build -w ${build.workspace}):\n${result.stdout}${result.stderr}`,
      );
    }
  }
}
