import { build, type OutputFile } from 'esbuild';

const packageDir = decodeURIComponent(new URL('..', import.meta.url).pathname);

/**
 * Bundles the script-tag form (src/script.ts, protocol included) into one IIFE that defines
 * `window.my`: dist/my.js, and its source map when asked for. Returns the files without writing
 * them; tests run the text, `npm run build` writes it.
 */
export async function bundleScript(options: { sourcemap: boolean }): Promise<OutputFile[]> {
  const { outputFiles } = await build({
    absWorkingDir: packageDir,
    entryPoints: ['src/script.ts'],
    outfile: 'dist/my.js',
    bundle: true,
    format: 'iife',
    // Class private fields need ES2022, which every browser a mini program developer uses has.
    target: 'es2022',
    sourcemap: options.sourcemap ? 'linked' : false,
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  return outputFiles;
}
