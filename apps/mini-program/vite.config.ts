import { defineConfig } from 'vite';
import { sandboxAddresses } from '@mp-sandbox/protocol';

const { bindHost, ports, urls } = sandboxAddresses(process.env);
// Test runs set SANDBOX_NO_HMR: a file saved mid-test must not reload the page under the test.
const noHmr = Boolean(process.env['SANDBOX_NO_HMR']);

export default defineConfig({
  server: { hmr: !noHmr, host: bindHost, port: ports.miniProgram, strictPort: true },
  preview: { host: bindHost, port: ports.miniProgram, strictPort: true },
  build: {
    rollupOptions: { input: { main: 'index.html', scopes: 'scopes.html' } },
  },
  define: { __MERCHANT_URL__: JSON.stringify(urls.merchant) },
});
