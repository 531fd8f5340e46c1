import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sandboxAddresses } from '@mp-sandbox/protocol';

export interface SandboxWebServerOptions {
  /** Your sandbox.config.json (relative to the folder Playwright runs in). */
  config?: string;
  /** Start the sample merchant and mini programs too (default: only the wallet and the platform). */
  samples?: boolean;
  /** Keys and state (default: `.sandbox-data` in the folder Playwright runs in). */
  dataDir?: string;
  /** How long to wait for the sandbox to answer (default 60 s, for a busy CI machine). */
  timeout?: number;
}

/**
 * A `webServer` entry for playwright.config.ts that starts the installed launcher
 * (`@mp-sandbox/cli`) and waits until the wallet answers. It runs the launcher's own file with
 * node, not `npx mp-sandbox`, so nothing is ever fetched from the registry by that name.
 * Ports come from SHELL_PORT / PLATFORM_PORT (or your config's `ports`), as for the kit's fixtures.
 */
export function sandboxWebServer(options: SandboxWebServerOptions = {}) {
  const require = createRequire(import.meta.url);
  let bin: string;
  try {
    bin = join(dirname(require.resolve('@mp-sandbox/cli/package.json')), 'dist/bin.js');
  } catch {
    throw new Error('sandboxWebServer needs the launcher: npm install -D @mp-sandbox/cli');
  }
  const quote = (text: string) => JSON.stringify(text);
  const args = [
    ...(options.config ? ['--config', quote(options.config)] : []),
    ...(options.samples ? [] : ['--no-samples']),
    ...(options.dataDir ? ['--data-dir', quote(options.dataDir)] : []),
  ];
  const { urls } = sandboxAddresses(process.env);
  return {
    command: [quote(process.execPath), quote(bin), ...args].join(' '),
    // The launcher starts the shell last, so when it answers every part does.
    url: `${urls.shell}/`,
    reuseExistingServer: !process.env['CI'],
    timeout: options.timeout ?? 60_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  };
}
