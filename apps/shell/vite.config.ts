import prefresh from '@prefresh/vite';
import { defineConfig, type Connect, type Plugin, type ProxyOptions } from 'vite';
import { sandboxAddresses } from '@mp-sandbox/protocol';
import { createShellProxy, shellFsDeny, shellSecurityHeaders } from './server/proxyPolicy';
import { firstCallsScript } from './src/wallet/firstCalls';

const { bindHost, ports } = sandboxAddresses(process.env);
// Test runs set SANDBOX_NO_HMR: a file saved mid-test must not reload the page under a test.
const noHmr = Boolean(process.env['SANDBOX_NO_HMR']);

// The shell reaches the platform through `/platform` on its own origin, so no CORS is involved.
// What it forwards, and with which headers, is the policy in server/proxyPolicy.ts (shared with
// the production server). In a container the platform is another service: SHELL_PLATFORM_URL.
const shellProxy = createShellProxy(process.env);
const securityHeadersFor = shellSecurityHeaders(process.env);

const proxy: Record<string, ProxyOptions> = {
  [shellProxy.prefix]: {
    target: shellProxy.target,
    rewrite: (path: string) => path.slice(shellProxy.prefix.length) || '/',
    configure(server) {
      server.on('proxyReq', (proxyReq) => {
        for (const name of shellProxy.strippedHeaders) proxyReq.removeHeader(name);
        for (const [name, value] of Object.entries(shellProxy.forwardedHeaders()))
          proxyReq.setHeader(name, value);
      });
    },
  },
};

/** Framing headers on every answer, and the proxy's guard before Vite's own proxy sees a request. */
const guard: Connect.NextHandleFunction = (req, res, next) => {
  for (const [name, value] of Object.entries(securityHeadersFor(req)))
    if (value !== undefined) res.setHeader(name, value);
  shellProxy.guard(req, res, next);
};
const shellPolicy: Plugin = {
  name: 'mp-sandbox-shell-policy',
  configureServer: (server) => void server.middlewares.use(guard),
  configurePreviewServer: (server) => void server.middlewares.use(guard),
};

/** The home screen's calls leave from the page's head, before the main script is even fetched. */
const firstCalls: Plugin = {
  name: 'mp-sandbox-shell-first-calls',
  transformIndexHtml: () => [
    { tag: 'script', children: firstCallsScript(shellProxy.prefix), injectTo: 'head-prepend' },
  ],
};

const server = {
  host: bindHost,
  port: ports.shell,
  strictPort: true,
  proxy,
  // No CORS: no other origin reads the wallet's answers.
  cors: false,
  allowedHosts: shellProxy.policy.hostNames,
};

/**
 * The wallet's components are written against React's API and run on Preact through its compat
 * layer, in the dev server, the production build and the e2e suite alike: react-dom was three
 * quarters of the home screen's script and most of its first render's work (bench 5,
 * bench/README.md). Every `react` import, the shell's and its libraries' (react-query), resolves
 * here; tsconfig.json maps the same names for the type checker.
 */
const REACT_ON_PREACT = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-(dev-)?runtime$/, replacement: 'preact/jsx-runtime' },
];

export default defineConfig({
  // Fast refresh for Preact components in the dev server (Vite's own JSX transform, no Babel);
  // without HMR its transform would call a refresh runtime that is never loaded.
  plugins: [noHmr ? [] : await prefresh(), shellPolicy, firstCalls],
  resolve: { alias: REACT_ON_PREACT },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: { ...server, hmr: !noHmr, fs: { deny: shellFsDeny(process.env) } },
  preview: server,
  // The server's render of the home (`vite build --ssr src/ssr/renderHome.tsx`, into dist-server):
  // one self-contained module for the launcher's static server, which has none of the shell's
  // dependencies installed beside it (the published launcher).
  ssr: { noExternal: true },
  build: {
    rollupOptions: {
      // react-query marks modules "use client" for React Server Components, which the shell has not.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
