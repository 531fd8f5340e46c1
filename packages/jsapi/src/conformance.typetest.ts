/**
 * Type-level test, run by `tsc -p tsconfig.typetest.json` (part of `npm run typecheck`), never
 * executed: our `My` against the platform's own published declarations, `@mini-types/my`, which
 * declare the global namespace `my`.
 *
 * For every API we implement it proves three things:
 *  1. `ours.X satisfies typeof my.X`: our function can stand where the platform's is declared.
 *     Parameters are compared contravariantly, so every options object the platform accepts is
 *     accepted by ours, including callbacks typed with the platform's result types (our results
 *     must fit them); results are compared covariantly (our Promise and sync results fit theirs).
 *  2. No option the platform documents is missing from ours, so an object literal written for the
 *     platform compiles against ours without an excess-property error.
 *  3. Every API of `My` is in this file (or named below as not in the declarations).
 * A deliberate mismatch (e.g. `title?: number` in AlertParams) fails `npm run typecheck`.
 */
import type { GetAuthCodeResult } from '@mp-sandbox/protocol';
import type { My } from './my.js';

type Platform = typeof my;

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

declare const ours: My;

/**
 * The one deliberate difference. The declarations are Alipay China's: `authSuccessScopes` is a
 * union of its scope names (`auth_base`, `auth_zhima` …), which lacks the Alipay+ scopes the
 * sandbox grants (`USER_NICKNAME`, `User_Customer_Info` …). Ours is `string[]`. Everything else
 * about getAuthCode is checked against the platform's declaration with only that array widened.
 */
type PlatformGetAuthCode = Platform['getAuthCode'];
type PlatformAuthResult = Awaited<ReturnType<PlatformGetAuthCode>>;
type AlipayPlusAuthResult = Omit<PlatformAuthResult, 'authSuccessScopes'> & {
  authSuccessScopes: string[];
};
type PlatformAuthOptions = NonNullable<Parameters<PlatformGetAuthCode>[0]>;
type GetAuthCodeForAlipayPlus = (
  options?: Omit<PlatformAuthOptions, 'success' | 'complete'> & {
    success?(data: AlipayPlusAuthResult): void;
    complete?(arg: AlipayPlusAuthResult | { error?: number; errorMessage?: string }): void;
  },
) => Promise<AlipayPlusAuthResult>;
export type AuthResultDiffersOnlyInScopeNames = Expect<
  Equal<Exclude<keyof PlatformAuthResult, keyof GetAuthCodeResult>, never>
>;

/** 1. Each implemented API can stand where the platform declares it. */
export const conformance = {
  getAuthCode: ours.getAuthCode satisfies GetAuthCodeForAlipayPlus,
  getOpenUserInfo: ours.getOpenUserInfo satisfies Platform['getOpenUserInfo'],
  getAppIdSync: ours.getAppIdSync satisfies Platform['getAppIdSync'],
  getSystemInfo: ours.getSystemInfo satisfies Platform['getSystemInfo'],
  getSystemInfoSync: ours.getSystemInfoSync satisfies Platform['getSystemInfoSync'],
  alert: ours.alert satisfies Platform['alert'],
  confirm: ours.confirm satisfies Platform['confirm'],
  showToast: ours.showToast satisfies Platform['showToast'],
  showLoading: ours.showLoading satisfies Platform['showLoading'],
  hideLoading: ours.hideLoading satisfies Platform['hideLoading'],
  request: ours.request satisfies Platform['request'],
  setStorage: ours.setStorage satisfies Platform['setStorage'],
  setStorageSync: ours.setStorageSync satisfies Platform['setStorageSync'],
  getStorage: ours.getStorage satisfies Platform['getStorage'],
  getStorageSync: ours.getStorageSync satisfies Platform['getStorageSync'],
  removeStorage: ours.removeStorage satisfies Platform['removeStorage'],
  removeStorageSync: ours.removeStorageSync satisfies Platform['removeStorageSync'],
  clearStorage: ours.clearStorage satisfies Platform['clearStorage'],
  clearStorageSync: ours.clearStorageSync satisfies Platform['clearStorageSync'],
  canIUse: ours.canIUse satisfies Platform['canIUse'],
};

/** 2. The options the platform documents and ours lacks, per API: must be none. */
type OptionsOf<F> = F extends (options?: infer O) => unknown ? NonNullable<O> : never;
type MissingOptions<K extends keyof My & keyof Platform> = Exclude<
  keyof OptionsOf<Platform[K]>,
  keyof OptionsOf<My[K]>
>;
type Checked = Exclude<keyof typeof conformance, 'canIUse'>;
export type NoDocumentedOptionIsMissing = Expect<
  Equal<{ [K in Checked]: MissingOptions<K> }[Checked], never>
>;

/**
 * 3. `getSiteInfo` is an Alipay+ API, absent from the China declarations; `onThemeChange` and
 * `offThemeChange` are not declared there either (themeApis.ts); all others are above.
 */
export type EveryApiIsChecked = Expect<
  Equal<
    Exclude<keyof My, keyof typeof conformance>,
    'getSiteInfo' | 'onThemeChange' | 'offThemeChange'
  >
>;

/** A mini program written from the platform's docs, with object literals, compiles against ours. */
export function writtenFromThePlatformDocs(my: My): void {
  my.alert({
    title: 'Order ready',
    content: 'Collect it at the counter',
    buttonText: 'OK',
    confirmColor: '#1677ff',
    success: () => {},
  });
  my.confirm({
    title: 'Pay?',
    content: '4.20',
    confirmButtonText: 'Pay',
    cancelButtonText: 'Cancel',
    confirmColor: '#1677ff',
    cancelColor: '#999999',
    success: ({ confirm }) => void confirm,
  });
  my.showToast({
    content: 'Saved',
    type: 'success',
    duration: 2000,
    delay: 0,
    xOffset: 0,
    yOffset: 0,
  });
  my.showLoading({ content: 'Loading…', delay: 100 });
  my.hideLoading({ page: undefined });
  const task = my.request({
    url: 'https://api.example/orders',
    method: 'POST',
    data: { id: '1' },
    headers: { 'content-type': 'application/json' },
    header: {},
    timeout: 5000,
    dataType: 'json',
    referrerStrategy: 'querystring',
    success: ({ status, data }) => void [status, data],
    fail: ({ error, errorMessage }) => void [error, errorMessage],
  });
  task.onHeadersReceived(({ headers }) => void headers);
  void task.abort();
  my.setStorage({ key: 'cart', data: [1, 2], success: () => {} });
  void my.getStorageSync({ key: 'cart' }).data;
  void my.getSystemInfoSync({ includeNotification: true, includeBluetooth: false }).windowWidth;
  my.getOpenUserInfo({ protocols: {}, success: (res) => void JSON.parse(res.response) });
  my.getAuthCode({
    scopes: 'auth_user',
    success: ({ authCode }) => void authCode,
    fail: (err) => void err.error,
    complete: () => {},
  });
}
