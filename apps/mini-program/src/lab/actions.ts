import type { Callbacks, My } from '@mp-sandbox/jsapi';
import type {
  GetAuthCodeResult,
  GetOpenUserInfoResult,
  JsapiError,
  RequestResult,
  SystemInfo,
} from '@mp-sandbox/protocol';
import { report, waiting } from './report';

export interface LabAction {
  label: string;
  run(my: My): void;
}

export interface LabSection {
  title: string;
  actions: LabAction[];
  /** Storage's value field. */
  withValueInput?: true;
}

/**
 * Calls an asynchronous API with every callback, and reports what the callbacks saw (and in which
 * order) once `complete` has run. The returned Promise must settle the same way: it is checked too.
 */
function callAsync<S>(
  label: string,
  call: (callbacks: Required<Callbacks<S>>) => Promise<unknown>,
  show: (result: S) => unknown = (r) => r,
): void {
  waiting(label);
  const seen: string[] = [];
  let outcome: 'success' | 'fail' = 'fail';
  let value: unknown;
  const promise = call({
    success: (result) => {
      seen.push('success');
      outcome = 'success';
      value = show(result);
    },
    fail: (error) => {
      seen.push('fail');
      value = error;
    },
    failed: () => seen.push('failed'),
    complete: () => seen.push('complete'),
  });
  promise.then(
    () => report(label, outcome, value, [...seen, 'resolved']),
    () => report(label, outcome, value, [...seen, 'rejected']),
  );
}

function callSync(label: string, call: () => unknown): void {
  try {
    report(label, 'returned', call());
  } catch (error) {
    const { error: code, errorMessage } = error as JsapiError;
    report(label, 'threw', { error: code, errorMessage });
  }
}

const valueInput = () => document.querySelector<HTMLInputElement>('#storage-value')!.value;
const KEY = 'lab';

export const SECTIONS: LabSection[] = [
  {
    title: 'Launch and device',
    actions: [
      { label: 'getAppIdSync', run: (my) => callSync('getAppIdSync', () => my.getAppIdSync()) },
      { label: 'getSiteInfo', run: (my) => callAsync('getSiteInfo', (cb) => my.getSiteInfo(cb)) },
      {
        label: 'getSystemInfo',
        run: (my) =>
          callAsync<SystemInfo>(
            'getSystemInfo',
            (cb) => my.getSystemInfo(cb),
            ({ app, platform, version, windowWidth, windowHeight }) => ({
              app,
              platform,
              version,
              windowWidth,
              windowHeight,
            }),
          ),
      },
      {
        label: 'location.search',
        run: () => report('location.search', 'returned', window.location.search),
      },
    ],
  },
  {
    title: 'Dialogs, toast, loading',
    actions: [
      {
        label: 'alert',
        run: (my) =>
          callAsync('alert', (cb) =>
            my.alert({
              title: 'Order ready',
              content: 'Your flat white is waiting at the counter.',
              buttonText: 'Got it',
              ...cb,
            }),
          ),
      },
      {
        label: 'confirm',
        run: (my) =>
          callAsync('confirm', (cb) =>
            my.confirm({
              title: 'Pay $4.20?',
              content: 'Harbor Coffee · table 7',
              confirmButtonText: 'Pay',
              cancelButtonText: 'Not now',
              ...cb,
            }),
          ),
      },
      {
        label: 'showToast',
        run: (my) =>
          callAsync('showToast', (cb) =>
            my.showToast({
              content: 'Added to your order',
              type: 'success',
              duration: 2000,
              ...cb,
            }),
          ),
      },
      {
        label: 'showLoading',
        run: (my) =>
          callAsync('showLoading', (cb) => my.showLoading({ content: 'Brewing…', ...cb })),
      },
      { label: 'hideLoading', run: (my) => callAsync('hideLoading', (cb) => my.hideLoading(cb)) },
    ],
  },
  {
    title: 'Storage',
    withValueInput: true,
    actions: [
      {
        label: 'setStorage',
        run: (my) =>
          callAsync('setStorage', (cb) =>
            my.setStorage({ key: KEY, data: { value: valueInput() }, ...cb }),
          ),
      },
      {
        label: 'getStorage',
        run: (my) => callAsync('getStorage', (cb) => my.getStorage({ key: KEY, ...cb })),
      },
      {
        label: 'removeStorage',
        run: (my) => callAsync('removeStorage', (cb) => my.removeStorage({ key: KEY, ...cb })),
      },
      {
        label: 'clearStorage',
        run: (my) => callAsync('clearStorage', (cb) => my.clearStorage(cb)),
      },
      {
        label: 'setStorageSync',
        run: (my) =>
          callSync('setStorageSync', () =>
            my.setStorageSync({ key: KEY, data: { value: valueInput() } }),
          ),
      },
      {
        label: 'getStorageSync',
        run: (my) => callSync('getStorageSync', () => my.getStorageSync({ key: KEY })),
      },
      {
        label: 'removeStorageSync',
        run: (my) => callSync('removeStorageSync', () => my.removeStorageSync({ key: KEY })),
      },
      {
        label: 'clearStorageSync',
        run: (my) => callSync('clearStorageSync', () => my.clearStorageSync()),
      },
    ],
  },
  {
    title: 'Network',
    actions: [
      {
        label: 'request own origin',
        run: (my) =>
          callAsync<RequestResult>(
            'request own origin',
            (cb) => my.request({ url: `${window.location.origin}/lab/sample.json`, ...cb }),
            ({ status, data }) => ({ status, data }),
          ),
      },
      {
        label: 'request merchant',
        run: (my) =>
          callAsync<RequestResult>(
            'request merchant',
            (cb) => my.request({ url: `${__MERCHANT_URL__}/healthz`, ...cb }),
            ({ status, data }) => ({ status, data }),
          ),
      },
      {
        label: 'request unregistered',
        run: (my) =>
          callAsync('request unregistered', (cb) =>
            my.request({ url: 'https://unregistered.example/api', ...cb }),
          ),
      },
    ],
  },
  {
    title: 'User',
    actions: [
      {
        label: 'getAuthCode auth_user',
        run: (my) =>
          callAsync<GetAuthCodeResult>(
            'getAuthCode auth_user',
            (cb) => my.getAuthCode({ scopes: ['auth_user'], ...cb }),
            ({ authSuccessScopes }) => ({ authSuccessScopes }),
          ),
      },
      {
        label: 'getOpenUserInfo',
        run: (my) =>
          callAsync<GetOpenUserInfoResult>(
            'getOpenUserInfo',
            (cb) => my.getOpenUserInfo(cb),
            (res) => JSON.parse(res.response).response,
          ),
      },
    ],
  },
  {
    title: 'Not in the sandbox',
    actions: [
      {
        label: 'scanCode',
        run: (my) =>
          callAsync('scanCode', (cb) =>
            (my as unknown as Record<string, (o: object) => Promise<unknown>>)['scanCode']!(cb),
          ),
      },
      {
        label: "canIUse('scanCode')",
        run: (my) => callSync("canIUse('scanCode')", () => my.canIUse('scanCode')),
      },
    ],
  },
];
