import {
  BRIDGE_TAG,
  JSAPI_ERRORS,
  parseHostMessage,
  type BridgeCall,
  type BridgeMethodName,
  type BridgeParams,
  type BridgeResult,
  type JsapiError,
} from '@mp-sandbox/protocol';

export interface BridgeOptions {
  /** The mini program's window (tests pass their own). */
  self?: Window;
  /** The shell's origin; found from the embedding page when not given. */
  hostOrigin?: string;
  /** How long the shell may take to acknowledge a call before it fails. */
  ackTimeoutMs?: number;
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

function hostError(errorMessage: string): JsapiError {
  return { error: JSAPI_ERRORS.ERROR_UNKNOW.error, errorMessage };
}

/**
 * Carries JSAPI calls to the shell and matches replies to calls by id. The shell acknowledges a
 * call at once and replies when it is done; only the acknowledgement is timed, because a reply
 * may wait on the user (a consent sheet). Replies are taken only from the parent window and the
 * shell's origin, and calls are posted to that origin only.
 */
export class Bridge {
  readonly #self: Window;
  readonly #hostOrigin: string | undefined;
  readonly #ackTimeoutMs: number;
  readonly #pending = new Map<string, Pending>();
  #next = 0;

  constructor(options: BridgeOptions = {}) {
    this.#self = options.self ?? window;
    this.#hostOrigin = options.hostOrigin ?? embeddingOrigin(this.#self);
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 3000;
    this.#self.addEventListener('message', (event) => this.#receive(event));
  }

  /** False when the page is not framed by a host: calls would go nowhere. */
  get hosted(): boolean {
    return this.#self.parent !== this.#self && this.#hostOrigin !== undefined;
  }

  get hostOrigin(): string | undefined {
    return this.#hostOrigin;
  }

  call<M extends BridgeMethodName>(method: M, params: BridgeParams<M>): Promise<BridgeResult<M>> {
    if (!this.hosted) {
      return Promise.reject(hostError(`my.${method} needs the sandbox's super-app shell: open this mini program from the wallet, not as a top-level page`));
    }
    const id = `${Date.now().toString(36)}-${(this.#next++).toString(36)}`;
    const call: BridgeCall<M> = { tag: BRIDGE_TAG, kind: 'call', id, method, params };
    return new Promise<BridgeResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(hostError(`my.${method}: the super app did not answer within ${this.#ackTimeoutMs} ms (host ${this.#hostOrigin})`));
      }, this.#ackTimeoutMs);
      this.#pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer });
      this.#self.parent.postMessage(call, this.#hostOrigin!);
    });
  }

  #receive(event: MessageEvent): void {
    if (event.source !== this.#self.parent || event.origin !== this.#hostOrigin) return;
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
