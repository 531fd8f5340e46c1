import { useEffect, useRef, type RefObject } from 'react';
import {
  BRIDGE_BUSY_ERROR,
  BRIDGE_LIMITS,
  BRIDGE_TAG,
  isJsapiError,
  JSAPI_ERRORS,
  parseBridgeCall,
  parseBridgeCancel,
  parsePageReport,
  type BridgeMethodName,
  type BridgeMethods,
  type CheckedParams,
  type HostMessage,
  type JsapiError,
  type MiniProgramApp,
  type RuleMode,
} from '@mp-sandbox/protocol';
import { openBridgeSession } from '../console/report';
import { checkParams } from './handlers/paramSchemas';

/** What the bridge saw of a call, beyond its parameters. */
export interface CallContext {
  /** Asked at the mini program's first screen: the `firstScreen` rule's mode, being read (getAuthCode only). */
  firstScreen: Promise<RuleMode> | undefined;
}

/**
 * One handler per JSAPI method; a rejection with a JsapiError becomes the mini program's `fail`.
 * `signal` aborts when the caller gave up on the call: the handler must then issue nothing.
 */
export type BridgeHandlers = {
  [M in BridgeMethodName]: (
    params: CheckedParams<M>,
    signal: AbortSignal,
    context: CallContext,
  ) => Promise<BridgeMethods[M]['result']>;
};

/**
 * Hears JSAPI calls from the mini program's iframe. A message counts only when it comes from that
 * iframe's window and from the app's registered origin; the app's identity is the registry's, never
 * the message's. Replies go to the registered origin only.
 */
export function useBridgeHost(
  frame: RefObject<HTMLIFrameElement | null>,
  app: MiniProgramApp,
  handlers: BridgeHandlers,
): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const origin = new URL(app.url).origin;
    let dropped = 0;
    const session = openBridgeSession(app, frame);
    // Calls being served, per method class, and the caller-side handles to abort them.
    const inFlight = { getAuthCode: 0, other: 0 };
    const served = new Map<string, AbortController>();
    function onMessage(event: MessageEvent): void {
      const target = frame.current?.contentWindow;
      if (!target || event.source !== target) return;
      if (event.origin !== origin) {
        console.warn(
          `[sandbox bridge] ignored a message from ${event.origin}: ${app.name} is registered at ${origin}`,
        );
        return;
      }
      const cancel = parseBridgeCancel(event.data);
      if (cancel) {
        served.get(cancel.id)?.abort(new Error('the mini program gave up on this call'));
        return;
      }
      // A page report is a notice for usePageReports, not a call.
      if (parsePageReport(event.data)) return;
      const call = parseBridgeCall(event.data);
      if (!call) {
        dropped += 1;
        console.warn(
          `[sandbox bridge] dropped a malformed message from ${app.name} (${dropped} so far)`,
          event.data,
        );
        return;
      }
      // Heard after its caller stopped waiting: the caller has failed already; serve nothing.
      if (call.ackBy !== undefined && Date.now() > call.ackBy) {
        session.refused('caller-gave-up', call.method);
        return;
      }
      // Over the limit: refused at once, before any work, so a flood cannot freeze the wallet.
      const kind = call.method === 'getAuthCode' ? 'getAuthCode' : 'other';
      if (inFlight[kind] >= BRIDGE_LIMITS[kind]) {
        target.postMessage(
          { tag: BRIDGE_TAG, kind: 'ack', id: call.id } satisfies HostMessage,
          origin,
        );
        const error: JsapiError = {
          error: BRIDGE_BUSY_ERROR,
          errorMessage: `System error: too many calls: ${app.name} already has ${BRIDGE_LIMITS[kind]} ${kind === 'getAuthCode' ? 'my.getAuthCode calls' : 'calls'} waiting; wait for their answers before calling again`,
        };
        target.postMessage(
          { tag: BRIDGE_TAG, kind: 'reply', id: call.id, ok: false, error } satisfies HostMessage,
          origin,
        );
        session.refused('bridge-flood', call.method);
        return;
      }
      inFlight[kind] += 1;
      const controller = new AbortController();
      served.set(call.id, controller);
      const done = () => {
        inFlight[kind] -= 1;
        served.delete(call.id);
      };
      // The console's timeline hears every reply, with the time the call took.
      const heard = session.heard(call.method, call.params);
      const post = (message: HostMessage) => {
        if (message.kind === 'reply') done();
        // A caller that gave up gets no reply (it would drop it), and the timeline says so.
        if (message.kind === 'reply' && controller.signal.aborted) {
          const undelivered =
            message.ok && typeof (message.result as { authCode?: unknown })?.authCode === 'string';
          session.refused('caller-gave-up', call.method, undelivered);
          return;
        }
        target.postMessage(message, origin);
        if (message.kind === 'reply') heard.answered(message);
      };
      post({ tag: BRIDGE_TAG, kind: 'ack', id: call.id });
      // Each method's parameters are checked against its schema before any handler sees them.
      const checked = checkParams(call);
      if (!checked.ok) {
        post({ tag: BRIDGE_TAG, kind: 'reply', id: call.id, ok: false, error: checked.error });
        return;
      }
      const handler = latest.current[call.method] as (
        params: unknown,
        signal: AbortSignal,
        context: CallContext,
      ) => Promise<unknown>;
      handler(checked.params, controller.signal, { firstScreen: heard.firstScreen }).then(
        (result) => post({ tag: BRIDGE_TAG, kind: 'reply', id: call.id, ok: true, result }),
        (error: unknown) => {
          const jsapiError = isJsapiError(error)
            ? error
            : {
                ...JSAPI_ERRORS.ERROR_UNKNOW,
                errorMessage: `${JSAPI_ERRORS.ERROR_UNKNOW.errorMessage} ${String((error as Error)?.message ?? error)}`,
              };
          post({ tag: BRIDGE_TAG, kind: 'reply', id: call.id, ok: false, error: jsapiError });
        },
      );
    }
    window.addEventListener('message', onMessage);
    return () => {
      for (const controller of served.values())
        controller.abort(new Error('the mini program was closed'));
      window.removeEventListener('message', onMessage);
      session.close();
    };
  }, [frame, app]);
}
