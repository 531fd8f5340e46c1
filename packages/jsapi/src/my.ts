import type { SandboxLaunchParams } from '@mp-sandbox/protocol';
import { authApis, type AuthApis } from './authApis.js';
import type { Bridge } from './bridge.js';
import { callbacksOf, jsapiError, JsapiSyncError, settle, type Callbacks } from './callbacks.js';
import type { JsapiContext } from './context.js';
import { infoApis, type InfoApis } from './infoApis.js';
import { requestApi, type RequestApi } from './requestApi.js';
import { storageApis, type StorageApis } from './storageApis.js';
import { themeApis, type ThemeApis } from './themeApis.js';
import { NamespacedStorage } from './storage.js';
import { reportPages } from './pageReports.js';
import { uiApis, type UiApis } from './uiApis.js';
import { guardUnknownApis, type Log } from './unsupported.js';

/** The `my` object: every JSAPI the sandbox implements. Others fail with "not supported". */
export interface My extends AuthApis, InfoApis, UiApis, StorageApis, RequestApi, ThemeApis {
  /** True for the APIs this `my` implements (`'request'`, or `'request.object.url'` style). */
  canIUse(name: string): boolean;
}

/** Every API of {@link My}, once; the `satisfies` fails to compile when My gains one. */
const API_SET = {
  getAuthCode: true,
  getOpenUserInfo: true,
  getAppIdSync: true,
  getSiteInfo: true,
  getSystemInfo: true,
  getSystemInfoSync: true,
  alert: true,
  confirm: true,
  showToast: true,
  showLoading: true,
  hideLoading: true,
  setStorage: true,
  setStorageSync: true,
  getStorage: true,
  getStorageSync: true,
  removeStorage: true,
  removeStorageSync: true,
  clearStorage: true,
  clearStorageSync: true,
  request: true,
  onThemeChange: true,
  offThemeChange: true,
  canIUse: true,
} as const satisfies Record<keyof My, true>;

export const MY_APIS = Object.keys(API_SET) as (keyof My)[];

/** Marks our `my`, so the script-tag form can tell it from a real super app's. */
export const SANDBOX_MY = Symbol.for('mp-sandbox/jsapi');

export interface CreateMyOptions {
  bridge: Bridge;
  launch?: SandboxLaunchParams;
  /** The mini program's window (tests pass their own). */
  self?: Window;
  log?: Log;
}

function hostedMy(context: JsapiContext): My {
  const apis = {
    ...authApis(context),
    ...infoApis(context),
    ...uiApis(context),
    ...storageApis(context),
    ...requestApi(context),
    ...themeApis(context),
  };
  return { ...apis, canIUse: (name) => Object.hasOwn(API_SET, String(name).split('.')[0]!) };
}

/**
 * The `my` of a page the sandbox's shell did not open: every call fails with the reason (sync
 * forms throw it), and nothing else happens: no message is posted, no storage touched.
 */
function refusingMy(reason: string): My {
  const error = () => jsapiError('ERROR_UNKNOW', `my.* refused: ${reason}`);
  const refuse = (name: string) =>
    name.endsWith('Sync')
      ? () => {
          throw new JsapiSyncError(error());
        }
      : (options?: unknown) =>
          settle(Promise.reject(error()), callbacksOf(options as Callbacks<unknown>));
  const my = Object.fromEntries(MY_APIS.map((name) => [name, refuse(name)])) as unknown as My;
  my.canIUse = () => false;
  return my;
}

function finish(my: My, log: Log): My {
  Object.defineProperty(my, SANDBOX_MY, { value: true });
  return guardUnknownApis(my, log);
}

/** A `my` that refuses every call with `reason`, without a word until it is called. */
export function createRefusingMy(reason: string, log: Log = console): My {
  return finish(refusingMy(reason), log);
}

/**
 * Builds `my` for a page. Outside the sandbox's shell it says so once, loudly, and refuses every
 * call; inside, each API runs locally or over the bridge.
 */
export function createMy({ bridge, launch, self = window, log = console }: CreateMyOptions): My {
  if (!bridge.hosted || !launch) {
    const reason = bridge.refusal ?? 'no launch parameters';
    log.error(`[my] The sandbox's my.* cannot run here: ${reason}. Every my.* call will fail.`);
    return createRefusingMy(reason, log);
  }
  const storage = new NamespacedStorage(() => self.localStorage, launch.storageNamespace);
  const my = finish(hostedMy({ bridge, launch, self, storage }), log);
  reportPages(bridge, self);
  return my;
}
