import { defineConfig } from 'vite';
import { sandboxAddresses } from '@mp-sandbox/protocol';

const { host, ports, urls } = sandboxAddresses(process.env);

export default defineConfig({
  server: { host, port: ports.miniProgram, strictPort: true },
  preview: { host, port: ports.miniProgram, strictPort: true },
  build: {
    rollupOptions: { input: { main: 'index.html', scopes: 'scopes.html' } },
  },
  define: { __MERCHANT_URL__: JSON.stringify(urls.merchant) },
});
