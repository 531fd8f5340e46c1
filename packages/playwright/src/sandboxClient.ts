import {
  parseDuration,
  type ClockResponse,
  type ConsentDecision,
  type ConsentPolicy,
  type Fault,
  type IssueAuthCodeResponse,
  type MiniProgramApp,
  type OpenApiName,
  type Persona,
  type ResultCode,
  type SandboxEvent,
  type SandboxEventType,
  type ScopeName,
} from '@mp-sandbox/protocol';
import {
  controlApi,
  sandboxHttp,
  tokenFromEnvironment,
  type CallOptions,
  type ControlApi,
  type SandboxCall,
} from '@mp-sandbox/protocol/client';

export { SandboxRequestError } from '@mp-sandbox/protocol/client';

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

export class SandboxClient {
  readonly #call: SandboxCall;
  /** The protocol's control API, bound to this namespace: every call below goes through it. */
  readonly control: ControlApi;

  constructor(
    readonly platformUrl: string,
    readonly namespace: string,
    options: SandboxClientOptions = {},
  ) {
    this.#call = sandboxHttp({
      baseUrl: platformUrl,
      token: options.token ?? tokenFromEnvironment(),
    });
    this.control = controlApi(this.#call, namespace);
  }

  /** Creates the namespace (or resets it) and returns a client bound to it. */
  static async connect(
    platformUrl: string,
    namespace: string,
    options: SandboxClientOptions = {},
  ): Promise<SandboxClient> {
    const client = new SandboxClient(platformUrl, namespace, options);
    await client.control.openNamespace(namespace);
    return client;
  }

  /** The id the namespace's copy of a seeded persona has. */
  personaId(baseId: string): string {
    return baseId.endsWith(`-${this.namespace}`) ? baseId : `${baseId}-${this.namespace}`;
  }

  async personas(): Promise<Persona[]> {
    const { personas } = await this.control.personas();
    return personas.filter((p) => p.namespace === this.namespace);
  }

  async apps(): Promise<MiniProgramApp[]> {
    return (await this.control.apps()).apps;
  }

  async appId(name: string): Promise<string> {
    const app = (await this.apps()).find((a) => a.name === name || a.appId === name);
    if (!app)
      throw new Error(
        `no mini program named ${name}; registered: ${(await this.apps()).map((a) => a.name).join(', ')}`,
      );
    return app.appId;
  }

  /** Registers a mini program for this test run (its id and name made unique to the namespace). */
  async registerApp(
    app: Omit<MiniProgramApp, 'appId' | 'icon' | 'scopes' | 'silentKyc'> & Partial<MiniProgramApp>,
  ): Promise<MiniProgramApp> {
    const appId =
      app.appId ??
      `APP${this.namespace}${Date.now().toString(36)}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
    return this.control.registerApp({ ...app, appId });
  }

  /** Back to the seed for this namespace: personas afresh; codes, tokens, grants, clock, faults gone. */
  async reset(): Promise<void> {
    await this.control.reset();
  }

  /** Issues an authCode as the wallet does after consent, without a browser. */
  async issueAuthCode(input: {
    app: string;
    persona?: string;
    scopes: ScopeName[];
  }): Promise<IssueAuthCodeResponse> {
    return this.control.issueAuthCode({
      appId: await this.appId(input.app),
      userId: this.personaId(input.persona ?? 'ana'),
      scopes: input.scopes,
    });
  }

  clock = {
    now: async (): Promise<Date> => new Date((await this.control.clock()).now),
    /** Moves this namespace's clock: `'2h'`, `'61m'`, `'31d'`, `'1h30m'`, or milliseconds. */
    advance: async (by: string | number): Promise<ClockResponse> => {
      if (parseDuration(by) === undefined)
        throw new Error(`${String(by)} is not a duration such as "2h", "31d" or milliseconds`);
      return this.control.advanceClock(by);
    },
    set: async (at: Date | string): Promise<ClockResponse> =>
      this.control.setClock(
        typeof at === 'string' ? at : at.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      ),
  };

  faults = {
    /** The next `count` calls of `api` answer `resultCode`. */
    next: (
      api: OpenApiName | '*',
      resultCode: ResultCode,
      options: { count?: number; latencyMs?: number } = {},
    ): Promise<Fault> => this.control.armFault({ api, resultCode, ...options }),
    /** The next `count` calls of `api` wait `ms` first, and are then served as usual. */
    latency: (
      api: OpenApiName | '*',
      ms: number,
      options: { count?: number } = {},
    ): Promise<Fault> => this.control.armFault({ api, latencyMs: ms, ...options }),
    clear: async (): Promise<void> => {
      await this.control.clearFaults();
    },
  };

  /** Sets what the wallet answers instead of showing the consent sheet. */
  async consentPolicy(input: ConsentPolicyInput): Promise<ConsentPolicy> {
    return this.control.addConsentPolicy({
      decision: input.decision,
      ...(input.appId && { appId: await this.appId(input.appId) }),
      ...(input.persona && { userId: this.personaId(input.persona) }),
      ...(input.scope && { scope: input.scope }),
    });
  }

  async events(
    filter: { type?: SandboxEventType; correlationId?: string; since?: number } = {},
  ): Promise<SandboxEvent[]> {
    return (await this.control.events(filter)).events;
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
      const found = (
        await this.events({ type, ...(options.since !== undefined && { since: options.since }) })
      ).find((event) => options.match?.(event) ?? true);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no ${type} event in namespace ${this.namespace} within ${options.timeoutMs ?? 10_000} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The sequence number of the newest event, to wait for what happens after it. */
  async lastSeq(): Promise<number> {
    const events = await this.events();
    return events.at(-1)?.seq ?? 0;
  }

  /**
   * One control call, for what the methods above do not cover. An idempotent call (GET, DELETE,
   * or `idempotent: true`) is retried once when the socket closed before any answer (see
   * `sandboxHttp`); an error answer throws `SandboxRequestError`.
   */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<T> {
    return this.#call<T>(method, path, body, options);
  }
}
