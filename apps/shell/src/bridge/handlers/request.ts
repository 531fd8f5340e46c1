import {
  JSAPI_ERRORS,
  REQUEST_ERRORS,
  type MiniProgramApp,
  type RequestData,
  type RequestParams,
  type RequestResult,
} from '@mp-sandbox/protocol';
import { jsapiError } from '@mp-sandbox/protocol';

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Where an app may send `my.request`: its own origin, and the domains it registered
 * (`requestDomains`). An entry with a scheme names one origin; a bare host names that host on
 * http and https, as the platform's whitelist writes domains without a scheme.
 */
export function requestTargets(app: MiniProgramApp): string[] {
  return [new URL(app.url).origin, ...(app.requestDomains ?? [])];
}

function allows(entry: string, url: URL): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
    try {
      return new URL(entry).origin === url.origin;
    } catch {
      return false;
    }
  }
  return entry.toLowerCase() === url.host.toLowerCase();
}

/** Only fetch's forbidden methods are refused: a browser cannot send them. */
const UNSENDABLE = new Set(['CONNECT', 'TRACE']);

/**
 * Why a URL may not be requested, or undefined. A domain the app has not registered gets error 4
 * (no permission): it is the container's common code for "this app may not do that", which the
 * platform uses for an unauthorized app; the request codes in the declarations (12, 13, 14, 19,
 * 20) all describe requests that were sent, and a refused one never is.
 */
function refusal(
  app: MiniProgramApp,
  params: RequestParams,
): ReturnType<typeof jsapiError> | undefined {
  let url: URL;
  try {
    url = new URL(params.url);
  } catch {
    return jsapiError(
      JSAPI_ERRORS.INVALID_PARAM,
      `url must be an absolute http(s) URL, not ${JSON.stringify(params.url)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return jsapiError(JSAPI_ERRORS.INVALID_PARAM, `url must be http(s), not ${url.protocol}`);
  }
  const targets = requestTargets(app);
  if (!targets.some((entry) => allows(entry, url))) {
    return jsapiError(
      JSAPI_ERRORS.NO_PERMISSION,
      `${url.origin} is not a request domain of ${app.name} (${app.appId}); it may reach ${targets.join(', ')}. Register the domain in the app's requestDomains (PATCH /sandbox/v1/apps/${app.appId})`,
    );
  }
  if (UNSENDABLE.has(params.method ?? 'GET')) {
    return jsapiError(
      JSAPI_ERRORS.INVALID_PARAM,
      `method ${params.method} cannot be sent from a browser, and the sandbox sends my.request with fetch`,
    );
  }
  return undefined;
}

function formEncode(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(
      ([k, v]) =>
        `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`,
    )
    .join('&');
}

/** The platform's rules for `data` (see RequestParams): a query for GET, a body otherwise. */
function encode(params: RequestParams, url: URL, headers: Headers): BodyInit | undefined {
  const { data } = params;
  if (data === undefined) return undefined;
  const method = params.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    const query =
      typeof data === 'string' ? data : data instanceof ArrayBuffer ? '' : formEncode(data);
    if (query) url.search = url.search ? `${url.search}&${query}` : `?${query}`;
    return undefined;
  }
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  if (typeof data === 'string' || data instanceof ArrayBuffer) return data;
  return headers.get('content-type')!.includes('application/x-www-form-urlencoded')
    ? formEncode(data)
    : JSON.stringify(data);
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function readBody(
  response: Response,
  dataType: RequestParams['dataType'],
): Promise<{ data: RequestData; unparsable?: true }> {
  if (dataType === 'arraybuffer') return { data: await response.arrayBuffer() };
  if (dataType === 'base64') return { data: base64(await response.arrayBuffer()) };
  const text = await response.text();
  if (dataType === 'text' || text === '') return { data: text };
  try {
    return { data: JSON.parse(text) as RequestData };
  } catch {
    return { data: text, unparsable: true };
  }
}

export interface RequestOptions {
  /** Aborts the request (RequestTask.abort, or the mini program closing). */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** The shell's origin, named in the hint when a server does not allow it by CORS. */
  shellOrigin?: string;
}

/**
 * `my.request`, performed by the shell with fetch, to the app's own origin and its registered
 * domains only. As on the platform: a status of 400 or more fails with 19 (with the status, data
 * and headers), a body that is not the JSON asked for fails with 14, a timeout with 13.
 *
 * Because the shell page sends it, the server sees the shell's origin and must allow it by CORS,
 * which a real container (native HTTP) does not need; error 12 says so.
 */
export async function performRequest(
  app: MiniProgramApp,
  params: RequestParams,
  options: RequestOptions = {},
): Promise<RequestResult> {
  const refused = refusal(app, params);
  if (refused) throw refused;
  const url = new URL(params.url);
  let headers: Headers;
  try {
    headers = new Headers(params.headers ?? params.header ?? {});
  } catch (error) {
    throw jsapiError(JSAPI_ERRORS.INVALID_PARAM, `headers: ${(error as Error).message}`);
  }
  const body = encode(params, url, headers);
  const method = params.method ?? 'GET';
  const timeoutMs = params.timeout ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort('timeout'), timeoutMs);
  const stop = () => controller.abort('aborted');
  options.signal?.addEventListener('abort', stop);
  if (options.signal?.aborted) stop();
  const where = `${method} ${url.origin}${url.pathname}`;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method,
      headers,
      body,
      signal: controller.signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    const { data, unparsable } = await readBody(response, params.dataType ?? 'json');
    const responseHeaders = Object.fromEntries(response.headers.entries());
    if (response.status >= 400) {
      throw jsapiError(REQUEST_ERRORS.HTTP_STATUS_ERROR, undefined, {
        status: response.status,
        data,
        headers: responseHeaders,
      });
    }
    if (unparsable)
      throw jsapiError(REQUEST_ERRORS.PARSE_ERROR, undefined, { status: response.status, data });
    return {
      data,
      status: response.status,
      statusCode: response.status,
      headers: responseHeaders,
      header: responseHeaders,
    };
  } catch (error) {
    if (!controller.signal.aborted) {
      if (error instanceof TypeError) {
        const shell = options.shellOrigin ?? globalThis.location?.origin ?? 'the shell';
        throw jsapiError(
          REQUEST_ERRORS.NETWORK_ERROR,
          `${where} got no answer (${error.message}). Is the server up, and does it allow the wallet shell's origin ${shell} by CORS? The sandbox sends my.request from the shell page`,
        );
      }
      throw error;
    }
    if (controller.signal.reason === 'timeout')
      throw jsapiError(REQUEST_ERRORS.TIMEOUT, `${where} took more than ${timeoutMs} ms`);
    throw jsapiError(REQUEST_ERRORS.ABORTED, where);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}

/** The container's requests in flight, by the task id the jsapi gave them, so abort can find them. */
export class RequestTasks {
  readonly #running = new Map<string, AbortController>();

  run<T>(taskId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (taskId) this.#running.set(taskId, controller);
    return work(controller.signal).finally(() => {
      if (taskId && this.#running.get(taskId) === controller) this.#running.delete(taskId);
    });
  }

  /** False when the request has already finished (or never was). */
  abort(taskId: string): boolean {
    const controller = this.#running.get(taskId);
    controller?.abort();
    return controller !== undefined;
  }

  /** The mini program closed: nothing it asked for may still be running. */
  abortAll(): void {
    for (const controller of this.#running.values()) controller.abort();
    this.#running.clear();
  }
}
