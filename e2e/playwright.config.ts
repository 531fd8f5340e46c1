import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, type SandboxWorkerFixtures } from '@mp-sandbox/playwright';
import { E2E_ENV, REPO_ROOT, stack } from './support/stack';

const CI = Boolean(process.env['CI']);
const env = { ...process.env, ...E2E_ENV } as Record<string, string>;

// Workers share one sandbox; the kit gives each its own namespace, so they run in parallel.
export default defineConfig<SandboxWorkerFixtures>({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  forbidOnly: CI,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: stack.urls.shell,
    sandboxUrls: { shell: stack.urls.shell, platform: stack.urls.platform },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
      },
    },
  ],
  // What users run: the launcher with the production builds (it rebuilds any build older than its
  // sources first, so the suite always tests the source you have). It answers on the shell's URL
  // last, after the platform, the merchant and the mini programs.
  webServer: {
    command: 'npx tsx scripts/sandbox.ts',
    cwd: REPO_ROOT,
    url: stack.urls.shell,
    env,
    reuseExistingServer: !CI,
    timeout: 240_000,
  },
});
