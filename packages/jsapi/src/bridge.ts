import {
  BRIDGE_TAG,
  parseHostEvent,
  parseHostMessage,
  type BridgeCall,
  type BridgeMethodName,
  type BridgeParams,
  type BridgeResult,
  type HostEvent,
  type JsapiError,
  type SandboxLaunchParams,
} from '@mp-sandbox/protocol';
import { jsapiError } from './callbacks.js';

export interface BridgeOptions {
  /** The mini program's window (tests pass their own). */
  self?: Window;
  /** The shell's origin; found from the embedding page when not given. */
  hostOrigin?: string;
  /** How long the shell may take to acknowledge a call before it fails. */
  ackTimeoutMs?: number;
  /** What the shell passed at launch; without them the page was not opened by the sandbox's shell. */
  launch?: SandboxLaunchParams;
  /** Why the launch parameters could not be read, when they were there but broken. */
  launchProblem?: string;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: JsapiError): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The shell's origin: the one embedding this frame. Chromium and Safari expose ancestorOrigins. */
function embeddingOrigin(self: Window): string | undefined {
  const ancestors = self.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  try {
    return self.document.referrer ? new URL(self.document.referrer).origin : undefined;
  } catch {
    return undefined;
  }
}

const OPEN_FROM_WALLET =
  'open this mini program from the sandbox wallet (npm run sandbox, then tap the app), not on its own';

/**
 * Why this page may not use the bridge, or undefined when it may. Only the sandbox's shell frames a
 * mini program with launch parameters that name its own origin; anything else (a top-level page, a
 * real super app, a stranger's page) gets a refusal that says which.
 */
function refusalOf(
  self: Window,
  hostOrigin: string | undefined,
  launch: SandboxLaunchParams | undefined,
  launchProblem: string | undefined,
): string | undefined {
  if (self.parent === self || !self.parent)
    return `this page is not inside the sandbox's super-app shell: it is the top-level page; ${OPEN_FROM_WALLET}`;
  if (hostOrigin === undefined)
    return `this page is framed by a page whose origin it cannot see, not by the sandbox's shell; ${OPEN_FROM_WALLET}`;
  if (launchProblem)
    return `the sandbox's launch parameters are broken (${launchProblem}); ${OPEN_FROM_WALLET}`;
  if (!launch)
    return `this page is framed by ${hostOrigin}, which did not launch it as the sandbox's shell does (no launch parameters); ${OPEN_FROM_WALLET}`;
  if (launch.shellOrigin !== hostOrigin)
    return `this page is framed by ${hostOrigin}, but its launch parameters name the shell ${launch.shellOrigin}; ${OPEN_FROM_WALLET}`;
  return undefined;
}

/**
 * Carries JSAPI calls to the shell and matches replies to calls by id. The shell acknowledges a
 * call at once and replies when it is done; only the acknowledgement is timed, because a reply
 * may wait on the user (a consent sheet). Replies are taken only from the parent window and the
 * shell's origin, and calls are posted to that origin only. Outside the sandbox's shell the bridge
 * listens to nothing and every call fails with the reason.
 */
export class Bridge {
  readonly #self: Window;
  readonly #hostOrigin: string | undefined;
  readonly #ackTimeoutMs: number;
  readonly #refusal: string | undefined;
  readonly #pending = new Map<string, Pending>();
  readonly #eventListeners = new Set<(event: HostEvent) => void>();
  #next = 0;

  constructor(options: BridgeOptions = {}) {
    this.#self = options.self ?? window;
    this.#hostOrigin = options.hostOrigin ?? embeddingOrigin(this.#self);
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 3000;
    this.#refusal = refusalOf(this.#self, this.#hostOrigin, options.launch, options.launchProblem);
    if (this.#refusal === undefined)
      this.#self.addEventListener('message', (event) => this.#receive(event));
  }

  /** False when the page was not opened by the sandbox's shell: calls would go nowhere, or astray. */
  get hosted(): boolean {
    return this.#refusal === undefined;
  }

  /** Why the page is not hosted, in words for the developer; undefined when it is. */
  get refusal(): string | undefined {
    return this.#refusal;
  }

  get hostOrigin(): string | undefined {
    return this.#hostOrigin;
  }

  call<M extends BridgeMethodName>(method: M, params: BridgeParams<M>): Promise<BridgeResult<M>> {
    if (this.#refusal !== undefined)
      return Promise.reject(jsapiError('ERROR_UNKNOW', `my.${method} refused: ${this.#refusal}`));
    const id = `${Date.now().toString(36)}-${(this.#next++).toString(36)}`;
    // ackBy tells the shell when this call stops waiting, so it serves nothing to a caller that gave up.
    const call: BridgeCall<M> = {
      tag: BRIDGE_TAG,
      kind: 'call',
      id,
      method,
      params,
      ackBy: Date.now() + this.#ackTimeoutMs,
    };
    return new Promise<BridgeResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        // The shell may have heard the call after all: tell it to issue nothing for it.
        try {
          this.#self.parent.postMessage({ tag: BRIDGE_TAG, kind: 'cancel', id }, this.#hostOrigin!);
        } catch {
          // nothing to tell
        }
        reject(
          jsapiError(
            'ERROR_UNKNOW',
            `my.${method}: the super app did not answer within ${this.#ackTimeoutMs} ms (host ${this.#hostOrigin})`,
          ),
        );
      }, this.#ackTimeoutMs);
      this.#pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer });
      try {
        this.#self.parent.postMessage(call, this.#hostOrigin!);
      } catch (error) {
        // A parameter postMessage cannot copy (a function, a DOM node) fails here, synchronously.
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(
          jsapiError(
            'INVALID_PARAM',
            `my.${method}: its parameters cannot be sent to the super app (${(error as Error).message})`,
          ),
        );
      }
    });
  }

  /** Hears the events the shell sends unasked (`themeChange` …); returns the way to stop. */
  onEvent(listener: (event: HostEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  #receive(event: MessageEvent): void {
    if (event.source !== this.#self.parent || event.origin !== this.#hostOrigin) return;
    const hostEvent = parseHostEvent(event.data);
    if (hostEvent) {
      for (const listener of [...this.#eventListeners]) listener(hostEvent);
      return;
    }
    const message = parseHostMessage(event.data);
    const pending = message && this.#pending.get(message.id);
    if (!message || !pending) return;
    clearTimeout(pending.timer);
    pending.timer = undefined;
    if (message.kind === 'ack') return;
    this.#pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(message.error);
  }
}
