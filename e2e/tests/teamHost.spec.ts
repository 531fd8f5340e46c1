// A sandbox shared by a team on its own machine: teammates' browsers open it by a host name of that
// machine (SANDBOX_HOST), not by 127.0.0.1. That name is an origin browsers do not trust (plain
// http, not loopback), and it need not resolve on the machine itself. Here Chromium resolves
// `sandbox.team.test` to 127.0.0.1, where the launcher listens (SANDBOX_BIND_HOST), as a teammate's
// browser resolves the machine's name to its address.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHROMIUM_ARGS,
  expect,
  findChromium,
  freePort,
  test as base,
  type SandboxUrls,
} from '@mp-sandbox/playwright';
import { startChild, stopChild, type Child } from '../support/children';
import { REPO_ROOT } from '../support/stack';

const TEAM_HOST = 'sandbox.team.test';

interface TeamSandbox {
  /** As the teammates' browsers name it. */
  shell: string;
  /** As a process on the sandbox's machine reaches it. */
  localPlatform: string;
}

const test = base.extend<{}, { team: TeamSandbox; sandboxUrls: SandboxUrls }>({
  team: [
    async ({}, use) => {
      const ports = {
        SHELL_PORT: await freePort(),
        PLATFORM_PORT: await freePort(),
        MERCHANT_PORT: await freePort(),
        MINI_PROGRAM_PORT: await freePort(),
        PLATFORM_TLS_PORT: await freePort(),
      };
      const dataDir = mkdtempSync(join(tmpdir(), 'team-host-'));
      let launcher: Child | undefined;
      try {
        launcher = await startChild(
          'launcher',
          ['--import', 'tsx', 'scripts/sandbox.ts'],
          REPO_ROOT,
          {
            ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
            SANDBOX_HOST: TEAM_HOST,
            SANDBOX_BIND_HOST: '127.0.0.1',
            SANDBOX_DATA_DIR: dataDir,
            SANDBOX_NO_HMR: '1',
          },
          `http://127.0.0.1:${ports.SHELL_PORT}/`,
          // It may rebuild the shell and the samples first (sources newer than their builds).
          180_000,
        );
        // Its own readiness line says every part answers (it checks them at the bind address).
        await expect
          .poll(() => launcher!.output(), { timeout: 60_000 })
          .toContain('sandbox is ready');
        await use({
          shell: `http://${TEAM_HOST}:${ports.SHELL_PORT}`,
          localPlatform: `http://127.0.0.1:${ports.PLATFORM_PORT}`,
        });
      } finally {
        if (launcher) await stopChild(launcher);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  sandboxUrls: [
    async ({ team }, use) => use({ shell: team.shell, platform: team.localPlatform }),
    { scope: 'worker' },
  ],
});

test.use({
  launchOptions: {
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${TEAM_HOST} 127.0.0.1`],
  },
});

test('a teammate signs in to a sample through the team host name, and every URL names it', async ({
  page,
  wallet,
  consent,
  events,
}) => {
  // A sandbox of its own beside the suite's: on a busy machine its first pages load slowly.
  test.slow();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // What the browser itself says is wrong with a page (a header it ignored, a resource refused),
  // in any of its frames.
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error')
      consoleErrors.push(`${message.location().url}: ${message.text()}`);
  });
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });

  const harbor = await wallet.open('Harbor Coffee');
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');

  // The mini program was loaded from the registered origin, on the team's name.
  const frame = page.frames().find((f) => f.url().includes(TEAM_HOST) && f !== page.mainFrame());
  expect(frame?.url()).toMatch(new RegExp(`^http://${TEAM_HOST.replaceAll('.', '\\.')}:\\d+/`));
  await events.waitFor('user_info.read');
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
