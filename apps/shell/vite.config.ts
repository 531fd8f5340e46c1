import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { sandboxAddresses } from '@mp-sandbox/protocol';

const { bindHost, ports, urls } = sandboxAddresses(process.env);
// Test runs set SANDBOX_NO_HMR: a file saved mid-test must not reload the page under the test.
const noHmr = Boolean(process.env['SANDBOX_NO_HMR']);

// The shell reaches the platform through `/platform` on its own origin, so no CORS is involved.
// In a container the platform is another service: SHELL_PLATFORM_URL names it (http://platform:7701).
const proxy = {
  '/platform': { target: process.env['SHELL_PLATFORM_URL'] || urls.platform, rewrite: (path: string) => path.replace(/^\/platform/, '') },
};

export default defineConfig({
  plugins: [react()],
  server: { hmr: !noHmr, host: bindHost, port: ports.shell, strictPort: true, proxy },
  preview: { host: bindHost, port: ports.shell, strictPort: true, proxy },
});
