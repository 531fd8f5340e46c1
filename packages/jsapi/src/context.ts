import type { SandboxLaunchParams } from '@mp-sandbox/protocol';
import type { Bridge } from './bridge.js';
import type { NamespacedStorage } from './storage.js';

/** What every group of APIs works with, once the page is known to be hosted by the sandbox's shell. */
export interface JsapiContext {
  bridge: Bridge;
  launch: SandboxLaunchParams;
  /** The mini program's window: its size answers getSystemInfo's window fields. */
  self: Window;
  storage: NamespacedStorage;
}
