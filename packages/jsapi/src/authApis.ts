import type {
  GetAuthCodeParams,
  GetAuthCodeResult,
  GetOpenUserInfoParams,
  GetOpenUserInfoResult,
} from '@mp-sandbox/protocol';
import { callbacksOf, settle, type Callbacks } from './callbacks.js';
import type { JsapiContext } from './context.js';

export type GetAuthCodeOptions = GetAuthCodeParams & Callbacks<GetAuthCodeResult>;
export type GetOpenUserInfoOptions = GetOpenUserInfoParams & Callbacks<GetOpenUserInfoResult>;

/** The user-authorization APIs: the shell asks the user, the platform decides. */
export interface AuthApis {
  /** `scopes` is a string or an array; absent or null means `auth_base`. */
  getAuthCode(options?: GetAuthCodeOptions): Promise<GetAuthCodeResult>;
  /**
   * The basic profile fields this user has granted this app. With no basic-profile grant, `success`
   * still runs, with `code: '40006'`, as on the platform.
   */
  getOpenUserInfo(options?: GetOpenUserInfoOptions): Promise<GetOpenUserInfoResult>;
}

export function authApis({ bridge }: JsapiContext): AuthApis {
  return {
    getAuthCode: (options) =>
      // null, not undefined: the shell then applies the platform's auth_base default itself.
      settle(bridge.call('getAuthCode', { scopes: options?.scopes ?? null }), callbacksOf(options)),
    // `protocols` is for plugins on the platform; nothing of it is sent.
    getOpenUserInfo: (options) => settle(bridge.call('getOpenUserInfo', {}), callbacksOf(options)),
  };
}
