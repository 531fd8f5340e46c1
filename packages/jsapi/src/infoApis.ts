import type { SiteInfo, SystemInfo } from '@mp-sandbox/protocol';
import { callbacksOf, settle, type Callbacks } from './callbacks.js';
import type { JsapiContext } from './context.js';

export interface SystemInfoParams {
  /** Accepted for compatibility: the notification fields are always present in the sandbox. */
  includeNotification?: boolean;
  /** Accepted for compatibility: the bluetooth fields are always present in the sandbox. */
  includeBluetooth?: boolean;
}

export type GetSiteInfoOptions = Callbacks<SiteInfo>;
export type GetSystemInfoOptions = SystemInfoParams & Callbacks<SystemInfo>;

/** APIs answered from the launch parameters, without asking the shell. */
export interface InfoApis {
  getAppIdSync(): { appId: string };
  getSiteInfo(options?: GetSiteInfoOptions): Promise<SiteInfo>;
  getSystemInfo(options?: GetSystemInfoOptions): Promise<SystemInfo>;
  getSystemInfoSync(options?: SystemInfoParams): SystemInfo;
}

export function infoApis({ launch, self }: JsapiContext): InfoApis {
  // The shell knows the device; the window is this frame's own, measured when asked.
  const systemInfo = (): SystemInfo => ({
    ...structuredClone(launch.systemInfo),
    windowWidth: self.innerWidth || launch.systemInfo.windowWidth,
    windowHeight: self.innerHeight || launch.systemInfo.windowHeight,
  });
  return {
    getAppIdSync: () => ({ appId: launch.appId }),
    getSiteInfo: (options) => settle(Promise.resolve({ ...launch.siteInfo }), callbacksOf(options)),
    getSystemInfo: (options) => settle(Promise.resolve().then(systemInfo), callbacksOf(options)),
    getSystemInfoSync: () => systemInfo(),
  };
}
