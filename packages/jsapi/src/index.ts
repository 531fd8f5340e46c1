import { connect } from './connect.js';
import { createRefusingMy, type My } from './my.js';

export { Bridge, type BridgeOptions } from './bridge.js';
export { JsapiSyncError, type Callbacks } from './callbacks.js';
export { createMy, createRefusingMy, MY_APIS, type CreateMyOptions, type My } from './my.js';
export type { AuthApis, GetAuthCodeOptions, GetOpenUserInfoOptions } from './authApis.js';
export type {
  GetSiteInfoOptions,
  GetSystemInfoOptions,
  InfoApis,
  SystemInfoParams,
} from './infoApis.js';
export type { HeadersReceived, RequestApi, RequestOptions, RequestTask } from './requestApi.js';
export type {
  StorageApis,
  GetStorageResult,
  SetStorageSyncResult,
  StorageEntry,
  StorageKey,
} from './storageApis.js';
export type { Theme, ThemeApis, ThemeChangeListener } from './themeApis.js';
export type {
  AlertOptions,
  ConfirmOptions,
  HideLoadingOptions,
  ShowLoadingOptions,
  ShowToastOptions,
  UiApis,
} from './uiApis.js';

/** The `my` object of this page, connected to the sandbox shell that embeds it. */
export const my: My =
  typeof window === 'undefined'
    ? createRefusingMy('there is no window: my.* runs in a browser page')
    : connect(window);
