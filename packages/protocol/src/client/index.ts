/**
 * `@mp-sandbox/protocol/client`: the one client of the platform's control and wallet APIs, with
 * fetch only, for the browser (the wallet shell) and Node (the Playwright kit, the launcher, tests
 * and benches). A subpath of its own so that the protocol's main entry stays declarations and
 * pure functions.
 *
 *   const call = sandboxHttp({ baseUrl: 'http://127.0.0.1:7701' });
 *   const control = controlApi(call, 'w1');
 *   await control.advanceClock('2h');
 */
export {
  controlApi,
  type ConsentPolicyRequest,
  type ControlApi,
  type EventsFilter,
  type RegisterAppRequest,
} from './controlApi.js';
export { requestError, SandboxRequestError } from './errors.js';
export {
  closedBeforeAnswer,
  sandboxHttp,
  tokenFromEnvironment,
  type CallOptions,
  type SandboxCall,
  type SandboxHttpOptions,
} from './http.js';
export { answers, waitUntilAnswering, type WaitOptions } from './ready.js';
export { walletApi, type WalletApi } from './walletApi.js';
