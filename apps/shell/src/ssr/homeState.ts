import type { QueryClient } from '@tanstack/react-query';
import type { AppsResponse, PersonasResponse, WalletsResponse } from '@mp-sandbox/protocol';
import type { LanguageDecision } from '../i18n/language';
import { walletQueries } from '../wallet/walletQueries';

/**
 * What a page drawn by the server carries for the browser (ssr/renderHome.tsx writes it, main.tsx
 * reads it): the platform's answers the home was drawn from, so the queries start with them and
 * nothing is asked twice, and the choices the server made, so the browser hydrates only when it
 * would have drawn the same screen.
 */
export interface HomeState {
  apps: AppsResponse;
  personas: PersonasResponse;
  wallets: WalletsResponse;
  /** The persona the home was drawn for. */
  persona: string;
  language: LanguageDecision;
  /** The amounts as the server formatted them (format.ts `seedAmounts`). */
  amounts?: Record<string, string>;
}

/** Where the page keeps it, on `window`. */
export const HOME_STATE_GLOBAL = '__mpSandboxHome';

/** The state of a page the server drew, or undefined (a page the browser draws itself). */
export function readHomeState(
  holder: Record<string, unknown> = globalThis as Record<string, unknown>,
): HomeState | undefined {
  const state = holder[HOME_STATE_GLOBAL] as HomeState | undefined;
  return state && typeof state === 'object' && Array.isArray(state.apps?.apps) ? state : undefined;
}

/** Puts the answers into the queries' cache, as answered now (fresh for their staleTime). */
export function seedQueries(
  client: QueryClient,
  state: Pick<HomeState, 'apps' | 'personas' | 'wallets'>,
): void {
  client.setQueryData(walletQueries.apps.queryKey, state.apps);
  client.setQueryData(walletQueries.personas.queryKey, state.personas);
  client.setQueryData(walletQueries.wallets.queryKey, state.wallets);
}

/** The state as a script's text: `</script>` and the like cannot end it early. */
export function homeStateScript(state: HomeState): string {
  const json = JSON.stringify(state)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `window[${JSON.stringify(HOME_STATE_GLOBAL)}]=${json};`;
}

/** Where a page drawn by the server keeps the clicks made before its script took the page over. */
export const EARLY_CLICKS_GLOBAL = '__mpSandboxEarlyClicks';

/**
 * For the head of a page the server drew: its buttons are visible before the script that makes
 * them work has run, so a click then (a quick user, a test that clicks as soon as it sees the
 * button) is held instead of lost, and replayClicks sends it again once the page is live.
 */
export const EARLY_CLICKS_SCRIPT = `window[${JSON.stringify(EARLY_CLICKS_GLOBAL)}]=[];document.addEventListener("click",function(e){var q=window[${JSON.stringify(EARLY_CLICKS_GLOBAL)}];if(q&&e.isTrusted){e.preventDefault();e.stopPropagation();q.push(e.target)}},true);`;

/** Sends the clicks held before hydration again, to the same elements (now live), in order. */
export function replayClicks(holder: Record<string, unknown> = window as never): void {
  const held = holder[EARLY_CLICKS_GLOBAL] as EventTarget[] | undefined;
  holder[EARLY_CLICKS_GLOBAL] = undefined;
  for (const target of held ?? []) {
    if (target instanceof Node && target.isConnected)
      target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  }
}
