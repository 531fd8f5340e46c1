/**
 * `npm run build -w @mp-sandbox/cli`: the published launcher, in `dist/`:
 * - bin.js, sandbox.js, keys.js (+ shared chunks): scripts/sandbox.ts and scripts/keys.ts with the
 *   platform, the sample merchant and the contracts bundled in (esbuild, ESM, source maps); the
 *   platform's and merchant's npm dependencies stay outside (scripts/pack.ts publishes them as
 *   this package's dependencies);
 * - www/shell, www/mini-program: `vite build` of the wallet shell and the sample mini programs,
 *   with .br and .gz copies of text files; www/my.js: the script-tag build of `my`;
 * - shell-server: the shell's server build (`vite build --ssr`), with which the launcher draws the
 *   wallet's home into the page it serves (apps/shell/server/homePage.ts);
 * - samples/: the samples' config file and its schema.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const dist = join(here, 'dist');

function run(args: string[]): void {
  // NODE_ENV=production: Vite keeps an inherited NODE_ENV (test, under vitest) and would ship
  // React's development build.
  const result = spawnSync('npm', args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0)
    throw new Error(`npm ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

/** The npm packages the platform and the sample merchant use at run time (not bundled). */
function runtimeDependencies(): Record<string, string> {
  const deps: Record<string, string> = {};
  for (const app of ['apps/platform', 'apps/merchant']) {
    const manifest = JSON.parse(readFileSync(join(root, app, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const [name, range] of Object.entries(manifest.dependencies ?? {}))
      if (!name.startsWith('@mp-sandbox/')) deps[name] = range;
  }
  return deps;
}

function compressText(dir: string): void {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) {
      compressText(file);
      continue;
    }
    if (!['.html', '.js', '.css', '.svg', '.json', '.map'].includes(extname(file))) continue;
    const body = readFileSync(file);
    if (body.length <= 512) continue;
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
    );
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}

{
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  // scripts/pack.ts publishes exactly these as the package's dependencies.
  const dependencies = runtimeDependencies();
  writeFileSync(
    join(dist, 'runtime-dependencies.json'),
    `${JSON.stringify(dependencies, null, 2)}\n`,
  );

  await build({
    absWorkingDir: root,
    entryPoints: {
      bin: join(here, 'src/bin.ts'),
      sandbox: 'scripts/sandbox.ts',
      keys: 'scripts/keys.ts',
    },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    // concurrently is for --dev, which the published launcher refuses before it would load it.
    external: [...Object.keys(dependencies), 'concurrently'],
    define: { __MP_SANDBOX_PACKAGED__: 'true' },
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });

  // Production builds of the browser parts, made into this package (not the workspaces' dist).
  const www = join(dist, 'www');
  run(['run', 'build:script', '--silent', '-w', '@mp-sandbox/jsapi']);
  for (const part of ['shell', 'mini-program']) {
    const vite = ['vite', 'build', '--configLoader', 'runner', '--logLevel', 'warn'];
    run([
      'exec',
      '-w',
      `@mp-sandbox/${part}`,
      '--',
      ...vite,
      '--outDir',
      join(www, part),
      '--emptyOutDir',
    ]);
  }
  run([
    'exec',
    '-w',
    '@mp-sandbox/shell',
    '--',
    'vite',
    'build',
    '--configLoader',
    'runner',
    '--logLevel',
    'warn',
    '--ssr',
    'src/ssr/renderHome.tsx',
    '--outDir',
    join(dist, 'shell-server'),
    '--emptyOutDir',
  ]);
  cpSync(join(root, 'packages/jsapi/dist/my.js'), join(www, 'my.js'));
  cpSync(join(root, 'packages/jsapi/dist/my.js.map'), join(www, 'my.js.map'));
  compressText(www);

  mkdirSync(join(dist, 'samples'));
  cpSync(join(root, 'sandbox.config.json'), join(dist, 'samples/sandbox.config.json'));
  cpSync(
    join(root, 'sandbox.config.schema.json'),
    join(dist, 'samples/sandbox.config.schema.json'),
  );
  console.log(
    `built ${dist}: bin.js, sandbox.js, keys.js, www/ (shell, mini-program, my.js), shell-server/, samples/`,
  );
}
