import {
  BRIDGE_TAG,
  encodeLaunchParams,
  LAUNCH_PARAM,
  parsePageReport,
  type BridgeCall,
  type BridgeMethodName,
  type BridgeResult,
  type HostMessage,
  type JsapiError,
  type SandboxLaunchParams,
  type SystemInfo,
  SANDBOX_DEVICE_STATE,
} from '@mp-sandbox/protocol';
import { Bridge } from './bridge.js';
import { createMy, type My } from './my.js';

/** An in-memory Web Storage, for a fake window's localStorage and sessionStorage. */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  clear(): void {
    this.#items.clear();
  }
  [name: string]: unknown;
}

export const TEST_SYSTEM_INFO: SystemInfo = {
  app: 'sandbox',
  version: '10.6.0',
  platform: 'iOS',
  system: '17.0',
  brand: 'Sandbox',
  model: 'Sandbox Phone',
  language: 'en-US',
  pixelRatio: 2,
  screenWidth: 390,
  screenHeight: 844,
  screen: { width: 390, height: 844 },
  windowWidth: 370,
  windowHeight: 700,
  statusBarHeight: 30,
  titleBarHeight: 46,
  fontSizeSetting: 16,
  performance: 'high',
  currentBattery: '100%',
  storage: '128 GB',
  transparentTitle: false,
  isIphoneXSeries: false,
  ...SANDBOX_DEVICE_STATE,
};

export function testLaunchParams(
  overrides: Partial<SandboxLaunchParams> = {},
): SandboxLaunchParams {
  return {
    v: 1,
    appId: 'LAB0001',
    shellOrigin: 'http://127.0.0.1:7700',
    storageNamespace: 'ns-test',
    siteInfo: { siteName: 'SANDBOX', region: 'ZZ' },
    systemInfo: TEST_SYSTEM_INFO,
    ...overrides,
  };
}

export interface HostedWindowOptions {
  hostOrigin?: string;
  /** The launch parameters the shell passed; `null` for a page opened without them. */
  launch?: Partial<SandboxLaunchParams> | null;
  /** The page's path, query and hash before the launch parameter is added. */
  path?: string;
  /** Storage shared with another fake window, as two frames of one origin share it. */
  localStorage?: MemoryStorage;
}

type FakeWindow = EventTarget &
  Record<
    | 'parent'
    | 'location'
    | 'document'
    | 'history'
    | 'localStorage'
    | 'sessionStorage'
    | 'innerWidth'
    | 'innerHeight',
    unknown
  >;

/**
 * A mini program's window inside a fake host, for unit tests without a browser: calls the bridge
 * posts are recorded, and `hostSends` delivers a message as the parent (or a stranger) would. The
 * page's URL carries the launch parameters as the shell sends them, and its storage is in memory.
 */
export function createHostedWindow(options: HostedWindowOptions = {}) {
  const hostOrigin = options.hostOrigin ?? 'http://127.0.0.1:7700';
  const launch =
    options.launch === null
      ? undefined
      : testLaunchParams({ shellOrigin: hostOrigin, ...options.launch });
  const [pathAndQuery = '/', hash = ''] = (options.path ?? '/lab.html').split('#');
  const [pathname = '/', query = ''] = pathAndQuery.split('?');
  const params = [query, launch ? `${LAUNCH_PARAM}=${encodeLaunchParams(launch)}` : '']
    .filter(Boolean)
    .join('&');
  const self = new EventTarget() as FakeWindow;
  const posted: Array<{ message: BridgeCall; targetOrigin: string }> = [];
  const pages: Array<{ path: string; targetOrigin: string }> = [];
  const replaced: string[] = [];
  const parent = {
    postMessage(message: BridgeCall, targetOrigin: string) {
      structuredClone(message); // throws on what a real postMessage cannot copy
      // A page report is a notice, not a call: kept apart, so "no call was posted" still holds.
      const page = parsePageReport(message);
      if (page) pages.push({ path: page.path, targetOrigin });
      else posted.push({ message, targetOrigin });
    },
  };
  const location = {
    origin: 'http://127.0.0.1:7703',
    pathname,
    search: params ? `?${params}` : '',
    hash: hash ? `#${hash}` : '',
    ancestorOrigins: [hostOrigin],
  };
  Object.assign(self, {
    parent,
    location,
    document: { referrer: `${hostOrigin}/` },
    history: {
      state: null,
      replaceState(_state: unknown, _title: string, url: string) {
        replaced.push(url);
        const [p, h = ''] = url.split('#');
        const [path, q = ''] = p!.split('?');
        Object.assign(location, {
          pathname: path,
          search: q ? `?${q}` : '',
          hash: h ? `#${h}` : '',
        });
      },
    },
    localStorage: options.localStorage ?? new MemoryStorage(),
    sessionStorage: new MemoryStorage(),
    innerWidth: 370,
    innerHeight: 720,
  });
  const log = { warn: [] as unknown[][], error: [] as unknown[][] };

  function sends(
    message: Partial<HostMessage> & { id: string },
    from: { origin?: string; source?: unknown } = {},
  ) {
    // Node's MessageEvent only takes a MessagePort as source, so the fields are set by hand.
    const event = Object.assign(new Event('message'), {
      data: { tag: BRIDGE_TAG, ...message },
      origin: from.origin ?? hostOrigin,
      source: from.source ?? parent,
    });
    self.dispatchEvent(event);
  }

  function lastCall<M extends BridgeMethodName>(method: M): BridgeCall<M> {
    const call = posted.findLast((p) => p.message.method === method)?.message;
    if (!call)
      throw new Error(
        `the mini program has not called ${method}; it called: ${posted.map((p) => p.message.method).join(', ') || 'nothing'}`,
      );
    return call as BridgeCall<M>;
  }

  return {
    window: self as unknown as Window,
    launch,
    posted,
    /** The pages the mini program reported showing (`{ kind: 'page' }` notices), in order. */
    pages,
    /** The URLs the page gave history.replaceState. */
    replaced,
    localStorage: self['localStorage'] as MemoryStorage,
    sessionStorage: self['sessionStorage'] as MemoryStorage,
    /** What `my` printed with console.warn and console.error. */
    log,
    hostSends: sends,
    lastCall,
    /** The shell acknowledges and answers the last call of `method`. */
    answer<M extends BridgeMethodName>(method: M, result: BridgeResult<M>): void {
      const { id } = lastCall(method);
      sends({ kind: 'ack', id });
      sends({ kind: 'reply', id, ok: true, result });
    },
    /** The shell acknowledges the last call of `method` and fails it. */
    refuse(method: BridgeMethodName, error: JsapiError): void {
      const { id } = lastCall(method);
      sends({ kind: 'ack', id });
      sends({ kind: 'reply', id, ok: false, error });
    },
    /** A `my` connected to this host, printing into `log`. */
    my(): My {
      const console = {
        warn: (...args: unknown[]) => log.warn.push(args),
        error: (...args: unknown[]) => log.error.push(args),
      };
      return createMy({
        bridge: new Bridge({ self: self as unknown as Window, launch }),
        launch,
        self: self as unknown as Window,
        log: console,
      });
    },
  };
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
