import {
  CONTROL_PATHS,
  CONTROL_TOKEN_VARIABLE,
  parseDuration,
  type ClockResponse,
  type ConsentDecision,
  type ConsentPolicy,
  type Fault,
  type IssueAuthCodeResponse,
  type MiniProgramApp,
  type NamespaceResponse,
  type OpenApiName,
  type Persona,
  type ResultCode,
  type SandboxEvent,
  type SandboxEventType,
  type ScopeName,
} from '@mp-sandbox/protocol';

/** The control API answered with an error; the message says what to fix. */
export class SandboxRequestError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

export interface ConsentPolicyInput {
  decision: ConsentDecision;
  /** An app id, or leave out for every app. */
  appId?: string;
  /** A persona's base id (`ana`), or leave out for every persona. */
  persona?: string;
  scope?: ScopeName;
}

/**
 * The sandbox's control API, bound to one namespace: personas are named by their base ids
 * (`ana`) and mapped to the namespace's copies (`ana-w1x2`), and the clock, faults, consent
 * policies, events and reset all act on this namespace only.
 */
export interface SandboxClientOptions {
  /** The team token of a shared sandbox; `SANDBOX_CONTROL_TOKEN` from the environment by default. */
  token?: string | undefined;
}

/** Methods a retry cannot apply twice; POSTs that are idempotent say so per call. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * True when the request failed before any answer because the server closed the kept-alive socket
 * as it was reused ("other side closed", a reset): nothing was processed, so a retry is safe.
 */
export function closedBeforeAnswer(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return error instanceof TypeError && ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED'].includes(cause?.code ?? '');
}

export class SandboxClient {
  readonly #token: string | undefined;

  constructor(readonly platformUrl: string, readonly namespace: string, options: SandboxClientOptions = {}) {
    this.#token = options.token ?? process.env[CONTROL_TOKEN_VARIABLE];
  }

  /** Creates the namespace (or resets it) and returns a client bound to it. */
  static async connect(platformUrl: string, namespace: string, options: SandboxClientOptions = {}): Promise<SandboxClient> {
    const client = new SandboxClient(platformUrl, namespace, options);
    await client.request<NamespaceResponse>('POST', CONTROL_PATHS.namespaces, { name: namespace }, { idempotent: true });
    return client;
  }

  /** The id the namespace's copy of a seeded persona has. */
  personaId(baseId: string): string {
    return baseId.endsWith(`-${this.namespace}`) ? baseId : `${baseId}-${this.namespace}`;
  }

  async personas(): Promise<Persona[]> {
    const { personas } = await this.request<{ personas: Persona[] }>('GET', CONTROL_PATHS.personas);
    return personas.filter((p) => p.namespace === this.namespace);
  }

  async apps(): Promise<MiniProgramApp[]> {
    return (await this.request<{ apps: MiniProgramApp[] }>('GET', CONTROL_PATHS.apps)).apps;
  }

  async appId(name: string): Promise<string> {
    const app = (await this.apps()).find((a) => a.name === name || a.appId === name);
    if (!app) throw new Error(`no mini program named ${name}; registered: ${(await this.apps()).map((a) => a.name).join(', ')}`);
    return app.appId;
  }

  /** Registers a mini program for this test run (its id and name made unique to the namespace). */
  async registerApp(app: Omit<MiniProgramApp, 'appId' | 'icon' | 'scopes' | 'silentKyc'> & Partial<MiniProgramApp>): Promise<MiniProgramApp> {
    const appId = app.appId ?? `APP${this.namespace}${Date.now().toString(36)}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
    return this.request<MiniProgramApp>('POST', CONTROL_PATHS.apps, { ...app, appId });
  }

  /** Back to the seed for this namespace: personas afresh; codes, tokens, grants, clock, faults gone. */
  async reset(): Promise<void> {
    await this.request('POST', CONTROL_PATHS.reset, { namespace: this.namespace }, { idempotent: true });
  }

  /** Issues an authCode as the wallet does after consent, without a browser. */
  async issueAuthCode(input: { app: string; persona?: string; scopes: ScopeName[] }): Promise<IssueAuthCodeResponse> {
    return this.request<IssueAuthCodeResponse>('POST', CONTROL_PATHS.authCodes, {
      appId: await this.appId(input.app),
      userId: this.personaId(input.persona ?? 'ana'),
      scopes: input.scopes,
    });
  }

  clock = {
    now: async (): Promise<Date> => new Date((await this.request<ClockResponse>('GET', `${CONTROL_PATHS.clock}?namespace=${this.namespace}`)).now),
    /** Moves this namespace's clock: `'2h'`, `'61m'`, `'31d'`, `'1h30m'`, or milliseconds. */
    advance: async (by: string | number): Promise<ClockResponse> => {
      if (parseDuration(by) === undefined) throw new Error(`${String(by)} is not a duration such as "2h", "31d" or milliseconds`);
      return this.request<ClockResponse>('POST', CONTROL_PATHS.clockAdvance, { by, namespace: this.namespace });
    },
    set: async (at: Date | string): Promise<ClockResponse> =>
      this.request<ClockResponse>('POST', CONTROL_PATHS.clock, {
        now: typeof at === 'string' ? at : at.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
        namespace: this.namespace,
      }, { idempotent: true }),
  };

  faults = {
    /** The next `count` calls of `api` answer `resultCode`. */
    next: (api: OpenApiName | '*', resultCode: ResultCode, options: { count?: number; latencyMs?: number } = {}): Promise<Fault> =>
      this.request<Fault>('POST', CONTROL_PATHS.faults, { api, resultCode, ...options, namespace: this.namespace }),
    /** The next `count` calls of `api` wait `ms` first, and are then served as usual. */
    latency: (api: OpenApiName | '*', ms: number, options: { count?: number } = {}): Promise<Fault> =>
      this.request<Fault>('POST', CONTROL_PATHS.faults, { api, latencyMs: ms, ...options, namespace: this.namespace }),
    clear: async (): Promise<void> => {
      await this.request('DELETE', `${CONTROL_PATHS.faults}?namespace=${this.namespace}`);
    },
  };

  /** Sets what the wallet answers instead of showing the consent sheet. */
  async consentPolicy(input: ConsentPolicyInput): Promise<ConsentPolicy> {
    return this.request<ConsentPolicy>('POST', CONTROL_PATHS.consentPolicies, {
      decision: input.decision,
      namespace: this.namespace,
      ...(input.appId && { appId: await this.appId(input.appId) }),
      ...(input.persona && { userId: this.personaId(input.persona) }),
      ...(input.scope && { scope: input.scope }),
    });
  }

  async events(filter: { type?: SandboxEventType; correlationId?: string; since?: number } = {}): Promise<SandboxEvent[]> {
    const query = new URLSearchParams({ namespace: this.namespace });
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    return (await this.request<{ events: SandboxEvent[] }>('GET', `${CONTROL_PATHS.events}?${query}`)).events;
  }

  /**
   * Resolves with the first event of `type` (after `since`) that `match` accepts: wait on the
   * timeline instead of sleeping.
   */
  async waitForEvent(
    type: SandboxEventType,
    options: { match?: (event: SandboxEvent) => boolean; since?: number; timeoutMs?: number } = {},
  ): Promise<SandboxEvent> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
      const found = (await this.events({ type, ...(options.since !== undefined && { since: options.since }) })).find(
        (event) => options.match?.(event) ?? true,
      );
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} event in namespace ${this.namespace} within ${options.timeoutMs ?? 10_000} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The sequence number of the newest event, to wait for what happens after it. */
  async lastSeq(): Promise<number> {
    const events = await this.events();
    return events.at(-1)?.seq ?? 0;
  }

  /**
   * One control call. An idempotent call (GET, DELETE, or `idempotent: true`) is retried once when
   * the socket closed before any answer: a busy test process may reuse a kept-alive socket just as
   * the server closes it ("fetch failed: other side closed").
   */
  async request<T = unknown>(method: string, path: string, body?: unknown, options: { idempotent?: boolean } = {}): Promise<T> {
    const send = () =>
      fetch(this.platformUrl + path, {
        method,
        headers: { 'Content-Type': 'application/json', ...(this.#token && { Authorization: `Bearer ${this.#token}` }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    const retryable = options.idempotent ?? IDEMPOTENT_METHODS.has(method.toUpperCase());
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      if (!retryable || !closedBeforeAnswer(error)) throw error;
      response = await send();
    }
    const answer = (await response.json().catch(() => ({}))) as T & { error?: string; message?: string };
    if (!response.ok) {
      throw new SandboxRequestError(response.status, answer.error ?? 'HTTP_ERROR', `${method} ${path}: ${answer.message ?? `HTTP ${response.status}`}`);
    }
    return answer;
  }
}
