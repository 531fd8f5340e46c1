import type { ConsentDecision } from '@mp-sandbox/protocol';
import { controlApi, type ConsentPolicyRequest } from '@mp-sandbox/protocol/client';
import { platformCall } from '../api/platform';

/** The console's calls to the platform's control API, through the shell's `/platform` proxy. */

export type { ConsentPolicyRequest };

export const CONSENT_DECISIONS = [
  'ask',
  'approve',
  'deny',
  'cancel',
] as const satisfies readonly ConsentDecision[];

/**
 * The control API as the console uses it, for one namespace or for the whole sandbox. A persona
 * copied into a namespace (a parallel test worker's) has its own clock, faults, consent policies,
 * timeline and reset there, so the console acts on the namespace of whoever holds the wallet.
 */
export function controlApiFor(namespace: string | undefined) {
  const api = controlApi(platformCall, namespace);
  /** The live timeline; `since=0` replays what happened before the console opened. */
  return { ...api, eventStreamUrl: `/platform${api.eventStreamPath(0)}` };
}

export type ControlApi = ReturnType<typeof controlApiFor>;

/** The react-query keys of the console's reads, per namespace (`''`: the whole sandbox). */
export function controlKeys(namespace: string | undefined) {
  const scope = namespace ?? '';
  return {
    clock: ['control', scope, 'clock'],
    faults: ['control', scope, 'faults'],
    consentPolicies: ['control', scope, 'consent-policies'],
  } as const;
}

/** Reports what only the shell sees to the timeline; the platform files it under the persona's namespace. */
export const reportEvent = controlApi(platformCall).reportEvent;
