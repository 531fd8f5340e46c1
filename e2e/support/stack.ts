import { resolve } from 'node:path';
import { sandboxAddresses } from '@mp-sandbox/protocol';

// Not the port after the shell's: a user's ports may be anything, so nothing in the wallet may
// assume the usual layout (the console's HAR and cURL once did).
const PLATFORM_PORT = process.env['PLATFORM_PORT'] ?? '7716';

/**
 * The e2e stack runs on its own ports and data folder, so a developer's `npm run sandbox` on the
 * default ports can keep running while the suite does.
 */
export const E2E_ENV = {
  SHELL_PORT: process.env['SHELL_PORT'] ?? '7710',
  PLATFORM_PORT,
  MERCHANT_PORT: process.env['MERCHANT_PORT'] ?? '7712',
  MINI_PROGRAM_PORT: process.env['MINI_PROGRAM_PORT'] ?? '7713',
  // The HTTPS gateway beside the platform, never the default 7704 a developer's sandbox holds.
  PLATFORM_TLS_PORT: process.env['PLATFORM_TLS_PORT'] ?? String(Number(PLATFORM_PORT) + 3),
  SANDBOX_DATA_DIR:
    process.env['SANDBOX_DATA_DIR'] ?? resolve(import.meta.dirname, '.sandbox-data'),
  SANDBOX_NO_HMR: '1',
  // The launcher draws the home when the platform answers within its budget (150 ms), else serves
  // the page the browser draws. The suite tests what is drawn, not how fast, on a busy machine:
  // a larger budget keeps each test on one path (serverDrawnHome.spec.ts, firstRender.spec.ts).
  SANDBOX_SHELL_RENDER_TIMEOUT_MS: process.env['SANDBOX_SHELL_RENDER_TIMEOUT_MS'] ?? '5000',
};

export const stack = sandboxAddresses(E2E_ENV);
/** The repository's root folder (this file is in e2e/support). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
