/**
 * The bridge's postMessage traffic and the launch parameter, as schemas. A message that does not
 * fit is foreign and dropped (undefined); launch parameters that do not fit are refused with the
 * reason, since a mini program with broken ones must not half-work.
 */
import * as v from 'valibot';
import {
  BRIDGE_METHODS,
  BRIDGE_TAG,
  type BridgeCall,
  type BridgeCancel,
  type HostMessage,
  type JsapiError,
} from '../bridge.js';
import { decodeBase64Url, LAUNCH_PARAM, type SandboxLaunchParams } from '../jsapiLaunch.js';

const tag = v.literal(BRIDGE_TAG);
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
/** Any non-null object (arrays too, as the platform's params allow). */
const anyObject = v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null);

const bridgeCallSchema = v.object({
  tag,
  kind: v.literal('call'),
  id,
  method: v.picklist(BRIDGE_METHODS),
  params: v.optional(
    v.union([
      anyObject,
      v.pipe(
        v.null(),
        v.transform(() => ({})),
      ),
    ]),
    () => ({}),
  ),
  // A deadline that is not a finite number is no deadline: ignored, not refused.
  ackBy: v.fallback(v.optional(v.pipe(v.number(), v.finite())), undefined),
});

const bridgeCancelSchema = v.object({ tag, kind: v.literal('cancel'), id });

const hostMessageSchema = v.variant('kind', [
  v.object({ tag, kind: v.literal('ack'), id }),
  v.variant('ok', [
    v.object({ tag, kind: v.literal('reply'), id, ok: v.literal(true), result: v.unknown() }),
    v.object({
      tag,
      kind: v.literal('reply'),
      id,
      ok: v.literal(false),
      error: v.looseObject({ error: v.number() }),
    }),
  ]),
]);

function parsed<T>(schema: v.GenericSchema, data: unknown): T | undefined {
  const result = v.safeParse(schema, data, { abortEarly: true });
  return result.success ? (result.output as T) : undefined;
}

/** Validates a message the shell received; anything else is foreign and must be dropped. */
export function parseBridgeCall(data: unknown): BridgeCall | undefined {
  const call = parsed<BridgeCall>(bridgeCallSchema, data);
  if (call?.ackBy === undefined) delete call?.ackBy;
  return call;
}

/** A cancel message from the mini program, or undefined. */
export function parseBridgeCancel(data: unknown): BridgeCancel | undefined {
  return parsed<BridgeCancel>(bridgeCancelSchema, data);
}

/** Validates a message the mini program received from its host. */
export function parseHostMessage(data: unknown): HostMessage | undefined {
  const message = parsed<HostMessage>(hostMessageSchema, data);
  // The error travels whole (authErrorScopes, status …): the schema only vouched for its code.
  if (message?.kind === 'reply' && !message.ok)
    message.error = (data as { error: JsapiError }).error;
  return message;
}

const nonEmpty = (field: string) => {
  const message = `${LAUNCH_PARAM}.${field} must be a non-empty string`;
  return v.pipe(v.string(message), v.minLength(1, message));
};
const SITE_INFO = `${LAUNCH_PARAM}.siteInfo must hold siteName and region`;
const LAUNCH_FIELDS: Record<string, string> = {
  siteInfo: SITE_INFO,
  systemInfo: `${LAUNCH_PARAM}.systemInfo must be an object`,
};

const launchParamsSchema = v.looseObject(
  {
    v: v.literal(
      1,
      (issue) =>
        `${LAUNCH_PARAM} has version ${JSON.stringify(issue.input)}; this jsapi reads version 1 (rebuild the mini program against the sandbox's jsapi)`,
    ),
    appId: nonEmpty('appId'),
    shellOrigin: nonEmpty('shellOrigin'),
    storageNamespace: nonEmpty('storageNamespace'),
    siteInfo: v.looseObject(
      { siteName: v.string(SITE_INFO), region: v.string(SITE_INFO) },
      SITE_INFO,
    ),
    systemInfo: v.looseObject({}, LAUNCH_FIELDS['systemInfo']),
  },
  // A missing field is named by the same words as a wrong one.
  (issue) => {
    const key = String(issue.path?.at(-1)?.key ?? '');
    if (!issue.path) return `${LAUNCH_PARAM} is not an object`;
    return (
      LAUNCH_FIELDS[key] ??
      (key === 'v'
        ? `${LAUNCH_PARAM} has version undefined; this jsapi reads version 1 (rebuild the mini program against the sandbox's jsapi)`
        : `${LAUNCH_PARAM}.${key} must be a non-empty string`)
    );
  },
);

/**
 * Reads the launch parameter's value. Returns the reason when it cannot be used: the jsapi prints
 * it, since a mini program with broken launch parameters must not half-work.
 */
export function decodeLaunchParams(encoded: string): SandboxLaunchParams | string {
  const json = decodeBase64Url(encoded);
  if (json === undefined) return `${LAUNCH_PARAM} is not base64url text`;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return `${LAUNCH_PARAM} is not JSON`;
  }
  if (Array.isArray(value)) return `${LAUNCH_PARAM} is not an object`;
  const result = v.safeParse(launchParamsSchema, value, { abortEarly: true });
  return result.success
    ? (result.output as unknown as SandboxLaunchParams)
    : result.issues[0].message;
}
