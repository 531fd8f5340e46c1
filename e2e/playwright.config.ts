import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, type SandboxWorkerFixtures } from '@mp-sandbox/playwright';
import { E2E_ENV, REPO_ROOT, stack } from './support/stack';

const CI = Boolean(process.env['CI']);
const env = { ...process.env, ...E2E_ENV } as Record<string, string>;

function server(workspace: string, url: string) {
  return { command: `npm run start --silent -w ${workspace}`, cwd: REPO_ROOT, url, env, reuseExistingServer: !CI, timeout: 60_000 };
}

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
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS } },
    },
  ],
  webServer: [
    server('@mp-sandbox/platform', `${stack.urls.platform}/sandbox/v1/health`),
    server('@mp-sandbox/merchant', `${stack.urls.merchant}/healthz`),
    server('@mp-sandbox/mini-program', stack.urls.miniProgram),
    server('@mp-sandbox/shell', stack.urls.shell),
  ],
});
