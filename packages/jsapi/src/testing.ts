import { BRIDGE_TAG, type BridgeCall, type HostMessage } from '@mp-sandbox/protocol';

/**
 * A mini program's window inside a fake host, for unit tests without a browser: calls the bridge
 * posts are recorded, and `hostSends` delivers a message as the parent (or a stranger) would.
 */
export function createHostedWindow(hostOrigin = 'http://127.0.0.1:7700') {
  const self = new EventTarget() as EventTarget & { parent: unknown; location: unknown; document: unknown };
  const posted: Array<{ message: BridgeCall; targetOrigin: string }> = [];
  const parent = { postMessage: (message: BridgeCall, targetOrigin: string) => posted.push({ message, targetOrigin }) };
  self.parent = parent;
  self.location = { ancestorOrigins: [hostOrigin] };
  self.document = { referrer: `${hostOrigin}/` };
  return {
    window: self as unknown as Window,
    posted,
    hostSends(message: Partial<HostMessage> & { id: string }, from: { origin?: string; source?: unknown } = {}) {
      // Node's MessageEvent only takes a MessagePort as source, so the fields are set by hand.
      const event = Object.assign(new Event('message'), {
        data: { tag: BRIDGE_TAG, ...message },
        origin: from.origin ?? hostOrigin,
        source: from.source ?? parent,
      });
      self.dispatchEvent(event);
    },
  };
}
