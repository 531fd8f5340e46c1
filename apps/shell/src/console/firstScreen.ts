/**
 * The platform forbids asking for authorization at a mini program's first screen, before any user
 * action. The jsapi cannot tell the shell whether the user acted, so the shell guesses from what
 * it sees: a getAuthCode that is the mini program's first bridge call, arriving before its frame
 * finished loading or within FIRST_SCREEN_WINDOW_MS after, is an ask at the first screen.
 *
 * One thing the shell does see: a click or a key press inside the frame moves the page's focus
 * into it. A frame that holds the focus was touched, so its ask is not flagged, however early.
 */
export const FIRST_SCREEN_WINDOW_MS = 1500;

export const FIRST_SCREEN_MESSAGE =
  "authorization asked at the mini program's first screen before any user action: the platform forbids this; ask inside a business step";

/** Why the wallet refused a first-screen ask (`refuse` mode: bridge/firstScreenRule.ts), in the error 4 it answers. */
export const FIRST_SCREEN_REFUSAL =
  'authorization may not be asked at the first screen, before any user action (rule firstScreen is refuse)';

/** What to do about that refusal, as the timeline says it. */
export const FIRST_SCREEN_FIX =
  'Ask inside a business step, after the user acted (e.g. on a tap in the mini program), not as it starts; or set the app\'s firstScreen rule to warn or off ("rules" in sandbox.config.json, or POST /sandbox/v1/rules).';

export interface AskSighting {
  method: string;
  /** Bridge calls the mini program made before this one, in this launch. */
  priorCalls: number;
  /** When the frame fired `load` (ms, same clock as `now`); undefined while it is still loading. */
  loadedAt: number | undefined;
  now: number;
  /** Whether the mini program's frame holds the page's focus: the user clicked or typed in it. */
  frameHasFocus: boolean;
}

export function isFirstScreenAsk(sighting: AskSighting): boolean {
  if (sighting.method !== 'getAuthCode' || sighting.priorCalls > 0 || sighting.frameHasFocus)
    return false;
  return (
    sighting.loadedAt === undefined || sighting.now - sighting.loadedAt <= FIRST_SCREEN_WINDOW_MS
  );
}
