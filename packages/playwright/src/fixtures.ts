import { randomBytes } from 'node:crypto';
import { test as base, expect, type FrameLocator } from '@playwright/test';
import { sandboxAddresses, type SandboxEvent, type SandboxEventType } from '@mp-sandbox/protocol';
import { ConsentSheet } from './consentSheet.js';
import { SandboxClient } from './sandboxClient.js';
import { timeoutsFromEnv, type SandboxTimeouts } from './timeouts.js';
import { MINI_PROGRAM_FRAME, WalletPage } from './walletPage.js';

export interface SandboxUrls {
  shell: string;
  platform: string;
}

/** `SANDBOX_SHELL_URL` / `SANDBOX_PLATFORM_URL`, else the sandbox's usual addresses. */
export function defaultSandboxUrls(
  env: Record<string, string | undefined> = process.env,
): SandboxUrls {
  const { urls } = sandboxAddresses(env);
  return {
    shell: env['SANDBOX_SHELL_URL'] ?? urls.shell,
    platform: env['SANDBOX_PLATFORM_URL'] ?? urls.platform,
  };
}

export interface SandboxWorkerFixtures {
  /** Where the sandbox runs; set it per project with `use: { sandboxUrls }`. */
  sandboxUrls: SandboxUrls;
  /** How long the kit waits for the screen and for the platform (see timeouts.ts); `use: { sandboxTimeouts }`. */
  sandboxTimeouts: SandboxTimeouts;
  /** The control API, bound to this worker's own namespace. */
  sandbox: SandboxClient;
}

export interface SandboxTestFixtures {
  /** Set false to keep this worker's sandbox state from one test to the next. */
  resetBetweenTests: boolean;
  /** Resets this worker's namespace before each test (runs by itself). */
  freshNamespace: void;
  wallet: WalletPage;
  miniProgram: FrameLocator;
  consent: ConsentSheet;
  clock: SandboxClient['clock'];
  faults: SandboxClient['faults'];
  events: {
    /** Waits for an event of the timeline (of this test) instead of sleeping. */
    waitFor(
      type: SandboxEventType,
      match?: (event: SandboxEvent) => boolean,
      timeoutMs?: number,
    ): Promise<SandboxEvent>;
    list(type?: SandboxEventType): Promise<SandboxEvent[]>;
  };
}

/**
 * `test` with the sandbox's fixtures. Each worker gets a namespace of its own: its own copies of
 * the personas and its own clock, faults, consent policies and timeline, so parallel workers
 * cannot see or break each other's state. Each test starts from a fresh namespace.
 */
export const test = base.extend<SandboxTestFixtures, SandboxWorkerFixtures>({
  sandboxUrls: [defaultSandboxUrls(), { option: true, scope: 'worker' }],

  sandboxTimeouts: [timeoutsFromEnv(), { option: true, scope: 'worker' }],

  sandbox: [
    async ({ sandboxUrls }, use, workerInfo) => {
      const namespace = `w${workerInfo.workerIndex}${randomBytes(2).toString('hex')}`;
      const client = await SandboxClient.connect(sandboxUrls.platform, namespace);
      await use(client);
      await client.control.closeNamespace(namespace).catch(() => {});
    },
    { scope: 'worker' },
  ],

  resetBetweenTests: [true, { option: true }],

  freshNamespace: [
    async ({ sandbox, resetBetweenTests }, use) => {
      if (resetBetweenTests) await sandbox.reset();
      await use();
    },
    { auto: true, box: true },
  ],

  wallet: async ({ page, sandbox, sandboxUrls, sandboxTimeouts }, use) => {
    await use(new WalletPage(page, sandbox, sandboxUrls.shell, sandboxTimeouts));
  },

  miniProgram: async ({ page }, use) => {
    await use(page.frameLocator(MINI_PROGRAM_FRAME));
  },

  consent: async ({ page, sandbox, sandboxTimeouts }, use) => {
    await use(new ConsentSheet(page, sandbox, sandboxTimeouts));
  },

  clock: async ({ sandbox }, use) => {
    await use(sandbox.clock);
  },

  faults: async ({ sandbox }, use) => {
    await use(sandbox.faults);
  },

  events: async ({ sandbox, sandboxTimeouts }, use) => {
    await use({
      waitFor: (type, match, timeoutMs) =>
        sandbox.waitForEvent(type, {
          ...(match && { match }),
          timeoutMs: timeoutMs ?? sandboxTimeouts.event,
        }),
      list: (type) => sandbox.events(type ? { type } : {}),
    });
  },
});

export { expect };
