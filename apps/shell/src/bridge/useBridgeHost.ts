import { useEffect, useRef, type RefObject } from 'react';
import {
  BRIDGE_TAG,
  JSAPI_ERRORS,
  parseBridgeCall,
  type BridgeMethodName,
  type BridgeMethods,
  type HostMessage,
  type JsapiError,
  type MiniProgramApp,
} from '@mp-sandbox/protocol';
import { openBridgeSession } from '../console/report';
import { checkParams } from './handlers/paramSchemas';

/** One handler per JSAPI method; a rejection with a JsapiError becomes the mini program's `fail`. */
export type BridgeHandlers = {
  [M in BridgeMethodName]: (params: BridgeMethods[M]['params']) => Promise<BridgeMethods[M]['result']>;
};

function isJsapiError(value: unknown): value is JsapiError {
  return typeof value === 'object' && value !== null && typeof (value as JsapiError).error === 'number';
}

/**
 * Hears JSAPI calls from the mini program's iframe. A message counts only when it comes from that
 * iframe's window and from the app's registered origin; the app's identity is the registry's, never
 * the message's. Replies go to the registered origin only.
 */
export function useBridgeHost(frame: RefObject<HTMLIFrameElement | null>, app: MiniProgramApp, handlers: BridgeHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const origin = new URL(app.url).origin;
    let dropped = 0;
    const session = openBridgeSession(app, frame);
    function onMessage(event: MessageEvent): void {
      const target = frame.current?.contentWindow;
      if (!target || event.source !== target) return;
      if (event.origin !== origin) {
        console.warn(`[sandbox bridge] ignored a message from ${event.origin}: ${app.name} is registered at ${origin}`);
        return;
      }
      const call = parseBridgeCall(event.data);
      if (!call) {
        dropped += 1;
        console.warn(`[sandbox bridge] dropped a malformed message from ${app.name} (${dropped} so far)`, event.data);
        return;
      }
      // The console's timeline hears every reply, with the time the call took.
      const answered = session.heard(call.method, call.params);
      const post = (message: HostMessage) => {
        target.postMessage(message, origin);
        if (message.kind === 'reply') answered(message);
      };
      post({ tag: BRIDGE_TAG, kind: 'ack', id: call.id });
      // Each method's parameters are checked against its schema before any handler sees them.
      const checked = checkParams(call);
      if (!checked.ok) {
        post({ tag: BRIDGE_TAG, kind: 'reply', id: call.id, ok: false, error: checked.error });
        return;
      }
      const handler = latest.current[call.method] as (params: unknown) => Promise<unknown>;
      handler(checked.params).then(
        (result) => post({ tag: BRIDGE_TAG, kind: 'reply', id: call.id, ok: true, result }),
        (error: unknown) => {
          const jsapiError = isJsapiError(error)
            ? error
            : { ...JSAPI_ERRORS.ERROR_UNKNOW, errorMessage: `${JSAPI_ERRORS.ERROR_UNKNOW.errorMessage} ${String((error as Error)?.message ?? error)}` };
          post({ tag: BRIDGE_TAG, kind: 'reply', id: call.id, ok: false, error: jsapiError });
        },
      );
    }
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
      session.close();
    };
  }, [frame, app]);
}
