import {
  REQUEST_ERRORS,
  type AbortRequestResult,
  type JsapiError,
  type RequestParams,
  type RequestResult,
} from '@mp-sandbox/protocol';
import { callbacksOf, pickParams, settle, type Callbacks } from './callbacks.js';
import type { JsapiContext } from './context.js';

export type RequestOptions = Omit<RequestParams, 'taskId'> & Callbacks<RequestResult>;

export interface HeadersReceived {
  headers: Record<string, string>;
}

/** What `my.request` returns besides its Promise, as the platform declares it. */
export interface RequestTask {
  /** Stops the request: it fails with error 20 and the shell cancels the fetch. */
  abort(options?: Callbacks<AbortRequestResult>): Promise<AbortRequestResult>;
  /** Called with the response headers when the answer arrives, before `success`. */
  onHeadersReceived(listener: (arg: HeadersReceived) => void): void;
  offHeadersReceived(listener?: (arg: HeadersReceived) => void): void;
}

/** HTTP through the shell, which refuses domains the app has not registered. */
export interface RequestApi {
  request(options: RequestOptions): Promise<RequestResult> & RequestTask;
}

const REQUEST_FIELDS = {
  url: true,
  method: true,
  data: true,
  headers: true,
  header: true,
  timeout: true,
  dataType: true,
  referrerStrategy: true,
  taskId: true,
} satisfies Record<keyof RequestParams, true>;

let nextTask = 0;

export function requestApi({ bridge }: JsapiContext): RequestApi {
  return {
    request(options) {
      const taskId = `${Date.now().toString(36)}-${(nextTask++).toString(36)}`;
      const params = { ...pickParams<RequestParams>(options, REQUEST_FIELDS), taskId };
      const listeners = new Set<(arg: HeadersReceived) => void>();
      let stop: (error: JsapiError) => void = () => {};
      const stopped = new Promise<never>((_resolve, reject) => {
        stop = reject;
      });
      const answered = bridge.call('request', params).then((result) => {
        for (const listener of listeners) listener({ headers: result.headers });
        return result;
      });
      const promise = settle(Promise.race([answered, stopped]), callbacksOf(options));
      const task: RequestTask = {
        abort(abortOptions) {
          stop({ ...REQUEST_ERRORS.ABORTED });
          // The shell cancels its fetch; the answer, if one still comes, finds the request settled.
          bridge.call('abortRequest', { taskId }).catch(() => {});
          return settle(Promise.resolve({ success: true as const }), callbacksOf(abortOptions));
        },
        onHeadersReceived: (listener) => void listeners.add(listener),
        offHeadersReceived: (listener) =>
          listener ? void listeners.delete(listener) : listeners.clear(),
      };
      return Object.assign(promise, task);
    },
  };
}
