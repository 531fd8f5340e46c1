import type { RefObject } from 'react';
import type {
  JsapiError,
  MiniProgramApp,
  Persona,
  ReportedEvent,
  RuleMode,
  SandboxEvent,
} from '@mp-sandbox/protocol';
import { SandboxRequestError } from '../api/platform';
import { firstScreenMode, firstScreenWarning } from '../bridge/firstScreenRule';
import { reportEvent } from './controlApi';
import { isFirstScreenAsk } from './firstScreen';

/**
 * Reports to the platform's timeline what only the shell sees: the `my.*` calls the bridge answered
 * and the rules the shell saw broken. Reporting is best effort: it must never slow or break a call.
 */

const BASIC_AND_PHONE_MESSAGE =
  'basic info and the phone number asked in one request: the platform refuses this; call my.getAuthCode twice, once for each';

/** Params and results bigger than this are sent as a cut text preview (my.request can carry a lot). */
const MAX_REPORTED_CHARS = 8 * 1024;

/**
 * Who holds the wallet. The bridge host knows the app but not the persona, so the console, which
 * App gives the persona, keeps this up to date.
 */
let walletHolder: string | undefined;
export function setWalletHolder(userId: string | undefined): void {
  walletHolder = userId;
}

let warnedOnce = false;
async function send(event: ReportedEvent): Promise<SandboxEvent | undefined> {
  try {
    return await reportEvent(event);
  } catch (error) {
    if (!warnedOnce)
      console.warn('[sandbox console] could not report to the timeline:', (error as Error).message);
    warnedOnce = true;
    return undefined;
  }
}

/** The value itself, or an object holding the start of its JSON when it is too big to report. */
function bounded(value: unknown): unknown {
  const text = JSON.stringify(value) ?? 'null';
  return text.length <= MAX_REPORTED_CHARS
    ? value
    : { cut: `${text.length} characters`, preview: text.slice(0, MAX_REPORTED_CHARS) };
}

export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: JsapiError };

/**
 * The login a refused getAuthCode belongs to. The platform hands the shell the correlation id with
 * a Deny or a cancel; it rides here, beside the error, so the report joins that login's card and
 * the mini program's answer stays exactly the JSAPI's.
 */
const loginOfError = new WeakMap<object, string>();
export function linkToLogin<T extends object>(error: T, correlationId: string | undefined): T {
  if (correlationId) loginOfError.set(error, correlationId);
  return error;
}

/** One call, as the bridge host heard it. */
export interface HeardCall {
  /**
   * A getAuthCode asked at the first screen: the `firstScreen` rule's mode for the app, being read
   * (bridge/firstScreenRule.ts). Undefined for any other call.
   */
  firstScreen: Promise<RuleMode> | undefined;
  /** Call once the call is answered: the timeline gets it, and the rule's warning if it says so. */
  answered(outcome: CallOutcome): void;
}

/** One launch of a mini program, as the bridge host sees it. */
export interface BridgeSession {
  /** The bridge heard a call. */
  heard(method: string, params: unknown): HeardCall;
  /**
   * The bridge served a call nothing: over its limits (`bridge-flood`), or its caller had given up
   * (`caller-gave-up`). Counted, and said once per burst on the timeline, so a flood of calls
   * costs one report, not one each.
   */
  refused(rule: 'bridge-flood' | 'caller-gave-up', method: string, undeliveredCode?: boolean): void;
  close(): void;
}

const REFUSAL_MESSAGES = {
  'bridge-flood': (count: number, methods: string) =>
    `${count} bridge call(s) (${methods}) refused with error 1005: the mini program called faster than the wallet answers; wait for each answer before calling again`,
  'caller-gave-up': (count: number, methods: string, undelivered: number) =>
    `${count} bridge call(s) (${methods}) were given up by the mini program (no acknowledgement within its 3 s): no answer was sent` +
    (undelivered > 0
      ? `; ${undelivered} authCode(s) had been issued just before and were never delivered: they expire unused`
      : ', and nothing was issued for them'),
} as const;

/**
 * Starts watching a launch: when its frame loads and which calls it makes, for the first-screen
 * rule. Open it when the bridge host starts listening, close it when it stops.
 */
export function openBridgeSession(
  app: MiniProgramApp,
  frame: RefObject<HTMLIFrameElement | null>,
): BridgeSession {
  let loadedAt: number | undefined;
  let calls = 0;
  // `load` does not bubble, but a capturing listener on the window sees the frame's.
  const onLoad = (event: Event) => {
    if (loadedAt === undefined && event.target === frame.current) loadedAt = performance.now();
  };
  window.addEventListener('load', onLoad, true);
  const bursts = new Map<
    keyof typeof REFUSAL_MESSAGES,
    { count: number; undelivered: number; methods: Set<string> }
  >();

  return {
    refused(rule, method, undeliveredCode = false) {
      const burst = bursts.get(rule);
      if (burst) {
        burst.count += 1;
        burst.undelivered += undeliveredCode ? 1 : 0;
        burst.methods.add(method);
        return;
      }
      bursts.set(rule, {
        count: 1,
        undelivered: undeliveredCode ? 1 : 0,
        methods: new Set([method]),
      });
      // The report goes once the burst is over (the wallet first answers what it can).
      setTimeout(() => {
        const done = bursts.get(rule)!;
        bursts.delete(rule);
        const message = REFUSAL_MESSAGES[rule](
          done.count,
          [...done.methods].map((m) => `my.${m}`).join(', '),
          done.undelivered,
        );
        console.warn(`[sandbox bridge] ${app.name}: ${message}`);
        if (walletHolder)
          void send({
            type: 'rule.warning',
            rule,
            message,
            appId: app.appId,
            userId: walletHolder,
          });
      }, 250);
    },
    heard(method, params) {
      const startedAt = performance.now();
      const frameHasFocus = frame.current !== null && document.activeElement === frame.current;
      const firstScreen = isFirstScreenAsk({
        method,
        priorCalls: calls,
        loadedAt,
        now: startedAt,
        frameHasFocus,
      })
        ? firstScreenMode(app)
        : undefined;
      calls += 1;
      const userId = walletHolder;
      const answered = (outcome: CallOutcome) => {
        if (!userId) return;
        const link = { appId: app.appId, userId };
        const login = outcome.ok ? undefined : loginOfError.get(outcome.error);
        const call: ReportedEvent = {
          type: 'bridge.call',
          ...link,
          ...(login && { correlationId: login }),
          method,
          params: (typeof params === 'object' && params !== null ? bounded(params) : {}) as Record<
            string,
            unknown
          >,
          ...(outcome.ok
            ? { outcome: 'success', result: bounded(outcome.result) }
            : { outcome: 'fail', error: outcome.error }),
          durationMs: Math.round(performance.now() - startedAt),
        };
        // The warning goes after the call, with the login the platform linked the call to.
        void send(call).then(async (event) => {
          const mode = await firstScreen;
          if (mode === undefined || mode === 'off') return;
          void send({
            type: 'rule.warning',
            rule: 'first-screen',
            message: firstScreenWarning(mode),
            ...link,
            ...(event?.correlationId && { correlationId: event.correlationId }),
          });
        });
      };
      return { firstScreen, answered };
    },
    close() {
      window.removeEventListener('load', onLoad, true);
    },
  };
}

/** getAuthCode's prepare was refused because the request put basic info and the phone in one sheet. */
export function reportConsentConflict(error: unknown, app: MiniProgramApp, persona: Persona): void {
  if (!(error instanceof SandboxRequestError) || error.error !== 'CONSENT_CONFLICT') return;
  void send({
    type: 'rule.warning',
    rule: 'basic-and-phone',
    message: BASIC_AND_PHONE_MESSAGE,
    appId: app.appId,
    userId: persona.id,
  });
}
