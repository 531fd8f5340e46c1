export { CHROMIUM_ARGS, findChromium } from './browser.js';
export { ConsentSheet } from './consentSheet.js';
export {
  defaultSandboxUrls,
  expect,
  test,
  type SandboxTestFixtures,
  type SandboxUrls,
  type SandboxWorkerFixtures,
} from './fixtures.js';
export { freePort } from './freePort.js';
export { SandboxClient, SandboxRequestError, type ConsentPolicyInput } from './sandboxClient.js';
export { startSandbox, type RunningSandbox, type StartSandboxOptions } from './startSandbox.js';
export { DEFAULT_TIMEOUTS, timeoutsFromEnv, type SandboxTimeouts } from './timeouts.js';
export { MINI_PROGRAM_FRAME, WalletPage } from './walletPage.js';
export { sandboxWebServer, type SandboxWebServerOptions } from './webServer.js';
