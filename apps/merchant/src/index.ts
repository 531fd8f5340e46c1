/**
 * `@mp-sandbox/merchant`: the sample merchant server as a library, for the launcher (which runs it
 * in its own process) and the repository's tests. The rest of src/ is private.
 */
export { optionsFromEnv, type MerchantOptions } from './config.js';
export { startMerchant, type RunningMerchant } from './server.js';
