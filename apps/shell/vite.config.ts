import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { sandboxAddresses } from '@mp-sandbox/protocol';

const { host, ports, urls } = sandboxAddresses(process.env);

// The shell reaches the platform through `/platform` on its own origin, so no CORS is involved.
const proxy = {
  '/platform': { target: urls.platform, rewrite: (path: string) => path.replace(/^\/platform/, '') },
};

export default defineConfig({
  plugins: [react()],
  server: { host, port: ports.shell, strictPort: true, proxy },
  preview: { host, port: ports.shell, strictPort: true, proxy },
});
