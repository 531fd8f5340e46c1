import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { dataFolderDeny, sandboxAddresses } from '@mp-sandbox/protocol';

const { bindHost, ports, urls } = sandboxAddresses(process.env);
// Test runs set SANDBOX_NO_HMR: a file saved mid-test must not reload the page under the test.
const noHmr = Boolean(process.env['SANDBOX_NO_HMR']);
// `/@fs/…` must never serve the sandbox's state, journal or keys, wherever the data folder is.
const dataDir = resolve(
  process.env['SANDBOX_DATA_DIR'] || resolve(import.meta.dirname, '../../.sandbox-data'),
);

// A production build is served by the launcher's static server, which fills in the merchant's URL
// for the ports it was started with (scripts/lib/production.ts replaces this placeholder).
const MERCHANT_URL_PLACEHOLDER = '__MP_SANDBOX_MERCHANT_URL__';

export default defineConfig(({ command }) => ({
  server: {
    hmr: !noHmr,
    host: bindHost,
    port: ports.miniProgram,
    strictPort: true,
    fs: { deny: dataFolderDeny(dataDir) },
  },
  preview: { host: bindHost, port: ports.miniProgram, strictPort: true },
  build: {
    rollupOptions: { input: { main: 'index.html', scopes: 'scopes.html', lab: 'lab.html' } },
  },
  define: {
    __MERCHANT_URL__: JSON.stringify(
      command === 'build' ? MERCHANT_URL_PLACEHOLDER : urls.merchant,
    ),
  },
}));
