/**
 * The sandbox as users run it: the platform and the sample merchant in this process, the wallet
 * shell and the sample mini programs as production builds from the small static server. One
 * process, no Vite, no TypeScript compiler at run time (the published launcher bundles this file).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessPolicyFromEnv, sandboxAddresses, type SandboxPart } from '@mp-sandbox/protocol';
import { optionsFromEnv as platformOptionsFromEnv } from '@mp-sandbox/platform/config';
import { startPlatform } from '@mp-sandbox/platform';
import { optionsFromEnv as merchantOptionsFromEnv, startMerchant } from '@mp-sandbox/merchant';
import { createHomePage, HOME_RENDER_TIMEOUT_MS } from '../../apps/shell/server/homePage.js';
import { createShellProxy, shellSecurityHeaders } from '../../apps/shell/server/proxyPolicy.js';
import { startStaticSite, type RunningSite } from './staticServer.js';

/** The placeholder the sample mini programs' production build has where the merchant's URL goes. */
export const MERCHANT_URL_PLACEHOLDER = '__MP_SANDBOX_MERCHANT_URL__';

/** Set by the launcher package's build (esbuild `define`); undefined when run from the checkout. */
declare const __MP_SANDBOX_PACKAGED__: boolean | undefined;

/** Whether this code runs from the published launcher package rather than from the checkout. */
export const PACKAGED = typeof __MP_SANDBOX_PACKAGED__ !== 'undefined' && __MP_SANDBOX_PACKAGED__;

export interface BuildLayout {
  shell: string;
  /** The shell's server build (draws the home into the page; absent in builds made before it). */
  shellServer: string;
  miniProgram: string;
  myJs: string;
  /** The samples' config file. */
  samplesConfig: string;
}

/** Where the builds are: beside the bundle in the package (`dist/www`), else the workspaces' `dist`. */
export function buildLayout(): BuildLayout {
  const here = dirname(fileURLToPath(import.meta.url));
  if (PACKAGED) {
    return {
      shell: join(here, 'www/shell'),
      shellServer: join(here, 'shell-server'),
      miniProgram: join(here, 'www/mini-program'),
      myJs: join(here, 'www/my.js'),
      samplesConfig: join(here, 'samples/sandbox.config.json'),
    };
  }
  const root = resolve(here, '../..');
  return {
    shell: join(root, 'apps/shell/dist'),
    shellServer: join(root, 'apps/shell/dist-server'),
    miniProgram: join(root, 'apps/mini-program/dist'),
    myJs: join(root, 'packages/jsapi/dist/my.js'),
    samplesConfig: join(root, 'sandbox.config.json'),
  };
}

export interface RunningParts {
  urls: Partial<Record<SandboxPart, string>>;
  stop(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/**
 * Starts `parts` in order (platform first: the merchant reads its public key, the shell proxies to
 * it). A part that fails stops the ones already started, and the error names it.
 */
export async function startProductionParts(
  parts: SandboxPart[],
  env: Env,
  layout = buildLayout(),
): Promise<RunningParts> {
  const { bindHost, ports, urls } = sandboxAddresses(env);
  const { hostNames } = accessPolicyFromEnv(env);
  const stops: Array<() => Promise<void>> = [];
  const started: Partial<Record<SandboxPart, string>> = {};
  const stop = async () => {
    for (const close of stops.reverse()) await close().catch(() => {});
  };
  const ordered = (['platform', 'merchant', 'miniProgram', 'shell'] as const).filter((p) =>
    parts.includes(p),
  );
  try {
    for (const part of ordered) {
      if (part === 'platform') {
        const running = await startPlatform(platformOptionsFromEnv(env));
        stops.push(() => running.close());
      } else if (part === 'merchant') {
        const running = await startMerchant(merchantOptionsFromEnv(env));
        stops.push(() => running.close());
      } else if (part === 'miniProgram') {
        const site = await startStaticSite({
          name: 'sample mini programs',
          root: layout.miniProgram,
          host: bindHost,
          port: ports.miniProgram,
          replace: { [MERCHANT_URL_PLACEHOLDER]: urls.merchant },
          allowedHosts: hostNames,
          // my.request is sent from the shell page (a real container sends it natively, without
          // CORS), so the samples' own files must be readable by the shell's origin.
          headers: { 'Access-Control-Allow-Origin': urls.shell },
          extraFiles: { '/my.js': { file: layout.myJs, cors: true } },
        });
        stops.push(site.close);
      } else {
        const proxy = createShellProxy(env);
        // The home drawn into the page, from the platform's answers (the browser hydrates it);
        // SANDBOX_SHELL_RENDER=off serves the plain page the browser draws itself.
        const page =
          env['SANDBOX_SHELL_RENDER'] === 'off'
            ? undefined
            : await createHomePage({
                serverBuild: layout.shellServer,
                proxy,
                timeoutMs: Number(env['SANDBOX_SHELL_RENDER_TIMEOUT_MS']) || HOME_RENDER_TIMEOUT_MS,
                warn: (message) => console.warn(message),
              });
        const site: RunningSite = await startStaticSite({
          name: 'wallet shell',
          root: layout.shell,
          host: bindHost,
          port: ports.shell,
          spa: true,
          ...(page && { page }),
          allowedHosts: hostNames,
          headers: shellSecurityHeaders(env),
          // Mini programs on other origins load the script-tag build of `my` from the wallet.
          extraFiles: { '/my.js': { file: layout.myJs, cors: true } },
          proxy: {
            prefix: proxy.prefix,
            target: proxy.target,
            guard: proxy.guard,
            forwardedHeaders: proxy.forwardedHeaders,
            strippedHeaders: proxy.strippedHeaders,
          },
        });
        stops.push(site.close);
      }
      started[part] = urls[part];
    }
  } catch (error) {
    await stop();
    const code = (error as NodeJS.ErrnoException).code;
    const part = ordered.find((p) => !(p in started));
    if (code === 'EADDRINUSE' && part)
      throw new Error(`port ${ports[part]} (${part}) was taken while the sandbox started`);
    throw new Error(`${part ?? 'a part'} failed to start: ${(error as Error).message}`);
  }
  return { urls: started, stop };
}

/** True when the production builds the launcher serves are all there. */
export function buildsPresent(layout = buildLayout()): boolean {
  return [
    join(layout.shell, 'index.html'),
    join(layout.miniProgram, 'index.html'),
    layout.myJs,
  ].every((f) => existsSync(f));
}
