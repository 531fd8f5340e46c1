import { resolve } from 'node:path';
import { sandboxAddresses } from '@mp-sandbox/protocol';

/**
 * The e2e stack runs on its own ports and data folder, so a developer's `npm run sandbox` on the
 * default ports can keep running while the suite does.
 */
export const E2E_ENV = {
  SHELL_PORT: process.env['SHELL_PORT'] ?? '7710',
  PLATFORM_PORT: process.env['PLATFORM_PORT'] ?? '7711',
  MERCHANT_PORT: process.env['MERCHANT_PORT'] ?? '7712',
  MINI_PROGRAM_PORT: process.env['MINI_PROGRAM_PORT'] ?? '7713',
  // The HTTPS gateway beside the platform, never the default 7704 a developer's sandbox holds.
  PLATFORM_TLS_PORT:
    process.env['PLATFORM_TLS_PORT'] ?? String(Number(process.env['PLATFORM_PORT'] ?? '7711') + 3),
  SANDBOX_DATA_DIR:
    process.env['SANDBOX_DATA_DIR'] ?? resolve(import.meta.dirname, '.sandbox-data'),
  SANDBOX_NO_HMR: '1',
};

export const stack = sandboxAddresses(E2E_ENV);
export const REPO_ROOT = resolve(import.meta.dirname, '..');
