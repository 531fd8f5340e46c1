import { defineConfig } from '@playwright/test';
import {
  CHROMIUM_ARGS,
  findChromium,
  sandboxWebServer,
  type SandboxWorkerFixtures,
} from '@mp-sandbox/playwright';

const { VET_MINI_PROGRAM_PORT: miniProgram = '5173', VET_MERCHANT_PORT: merchant = '3000' } =
  process.env;
export default defineConfig<SandboxWorkerFixtures>({
  testDir: './tests',
  fullyParallel: true,
  timeout: 60_000, // a busy 2-core CI machine runs the sandbox and 3 browsers
  reporter: [['list'], ['json', { outputFile: 'results.json' }]],
  use: { launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS } },
  webServer: [
    sandboxWebServer({ config: './sandbox.config.json' }),
    { command: 'node build/merchant/server.js', url: `http://127.0.0.1:${merchant}/healthz` },
    { command: 'node mini-program/serve.mjs', url: `http://127.0.0.1:${miniProgram}/` },
  ],
});
