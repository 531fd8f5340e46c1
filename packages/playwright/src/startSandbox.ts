import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  HEALTH_PATHS,
  PORT_VARIABLES,
  sandboxAddresses,
  type SandboxPart,
} from '@mp-sandbox/protocol';
import { waitUntilAnswering } from '@mp-sandbox/protocol/client';
import { freePort } from './freePort.js';
import { SandboxClient } from './sandboxClient.js';

export interface StartSandboxOptions {
  /** 0 (the default) picks free ports; any other number is the platform's port. */
  port?: number;
  /** Which parts to start; the platform always. */
  parts?: SandboxPart[];
  /** Keys and state; a throw-away folder when not given (removed by `stop`). */
  dataDir?: string;
  /** A sandbox.config.json of your own. */
  config?: string;
  /** More environment for the parts (lifetimes, say: `AUTH_CODE_TTL_MS`). */
  env?: Record<string, string>;
}

export interface RunningSandbox {
  urls: Record<SandboxPart, string>;
  dataDir: string;
  /** The control API, bound to a fresh namespace of its own. */
  sandbox: SandboxClient;
  stop(): Promise<void>;
}

const WORKSPACES: Record<SandboxPart, string> = {
  platform: '@mp-sandbox/platform',
  merchant: '@mp-sandbox/merchant',
  miniProgram: '@mp-sandbox/mini-program',
  shell: '@mp-sandbox/shell',
};

/**
 * Installed in a project (no workspaces around): the published launcher, `@mp-sandbox/cli`, which
 * starts every part in one process. Undefined inside the sandbox's own repository.
 */
function installedLauncher(): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    require.resolve(`${WORKSPACES.platform}/package.json`);
    return undefined;
  } catch {
    // Not in the repository: look for the launcher package.
  }
  try {
    return join(dirname(require.resolve('@mp-sandbox/cli/package.json')), 'dist/bin.js');
  } catch {
    throw new Error('startSandbox needs the launcher: npm install -D @mp-sandbox/cli');
  }
}

/** How each part is started, from its own workspace folder (packages do not import apps). */
function command(part: SandboxPart): { cwd: string; args: string[] } {
  const require = createRequire(import.meta.url);
  const cwd = dirname(require.resolve(`${WORKSPACES[part]}/package.json`));
  if (part === 'platform' || part === 'merchant')
    return { cwd, args: ['--import', 'tsx', 'src/main.ts'] };
  // vite's `exports` does not list its bin script: find it through its package.json.
  const vitePackage = require.resolve('vite/package.json', { paths: [cwd] });
  const { bin } = require(vitePackage) as { bin: { vite: string } };
  return { cwd, args: [join(dirname(vitePackage), bin.vite), '--configLoader', 'runner'] };
}

/** Waits until `url` answers, or fails with the child's output when it exits first. */
async function ready(url: string, child: ChildProcess, log: () => string): Promise<void> {
  try {
    await waitUntilAnswering([url], {
      failed: () =>
        child.exitCode === null
          ? undefined
          : `${url} exited with code ${child.exitCode} before it answered`,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}:\n${log()}`);
  }
}

/**
 * Starts the sandbox's platform (and, if asked, the other parts) as child processes on free
 * ports, for a Vitest or Node test, and stops them cleanly:
 *
 *   const sandbox = await startSandbox({ port: 0 });
 *   // … sandbox.urls.platform, sandbox.sandbox.issueAuthCode(…)
 *   await sandbox.stop();
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const parts: SandboxPart[] = [
    'platform',
    ...(options.parts ?? []).filter((p) => p !== 'platform'),
  ];
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mp-sandbox-'));
  const ports = Object.fromEntries(
    await Promise.all(
      (Object.keys(PORT_VARIABLES) as SandboxPart[]).map(async (part) => [
        PORT_VARIABLES[part],
        String(part === 'platform' && options.port ? options.port : await freePort()),
      ]),
    ),
  ) as Record<string, string>;
  const env = {
    ...process.env,
    ...ports,
    SANDBOX_HOST: '127.0.0.1',
    SANDBOX_DATA_DIR: dataDir,
    ...(options.config && { SANDBOX_CONFIG: options.config }),
    ...options.env,
  };
  const { urls, localUrls } = sandboxAddresses(env);
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const launcher = installedLauncher();
  try {
    if (launcher) {
      // One process for every part: the shell and the platform, and the samples if asked for.
      const samples = parts.some((p) => p === 'merchant' || p === 'miniProgram');
      const args = [launcher, ...(samples ? [] : ['--no-samples'])];
      const child = spawn(process.execPath, args, {
        cwd: process.cwd(),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      for (const part of [...parts, 'shell' as const])
        await ready(localUrls[part] + HEALTH_PATHS[part], child, () => output);
    }
    for (const part of launcher ? [] : parts) {
      const { cwd, args } = command(part);
      const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await ready(localUrls[part] + HEALTH_PATHS[part], child, () => output);
    }
    const sandbox = await SandboxClient.connect(
      localUrls.platform,
      `s${Date.now().toString(36).slice(-6)}`,
    );
    return { urls, dataDir, sandbox, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
