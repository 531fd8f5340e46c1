import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * The browser the suites drive: `CHROMIUM_PATH` if set, else a system Chromium, else Playwright's
 * own download. Fails with what to install when there is none.
 */
export function findChromium(env: Record<string, string | undefined> = process.env): string {
  const override = env['CHROMIUM_PATH'];
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`);
    return override;
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return system;
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    'No Chromium found for the end-to-end tests. Install one (Debian: `apt-get install -y chromium`), ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

/** Keeps Chromium on loopback: every other host name fails to resolve instead of trying the network. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
];
