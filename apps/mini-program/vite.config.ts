import { defineConfig } from 'vite';
import { sandboxAddresses } from '@mp-sandbox/protocol';

const { bindHost, ports, urls } = sandboxAddresses(process.env);

export default defineConfig({
  server: { host: bindHost, port: ports.miniProgram, strictPort: true },
  preview: { host: bindHost, port: ports.miniProgram, strictPort: true },
  build: {
    rollupOptions: { input: { main: 'index.html', scopes: 'scopes.html' } },
  },
  define: { __MERCHANT_URL__: JSON.stringify(urls.merchant) },
});
