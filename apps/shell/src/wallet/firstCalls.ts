import { CONTROL_PATHS } from '@mp-sandbox/protocol';

/**
 * The home screen's calls, sent by a small inline script in index.html (vite.config.ts puts it
 * there) while the browser is still fetching the main script, and taken over by the queries when
 * it has run (walletQueries.ts). In a fresh browser the main script arrives, compiles and runs in
 * a few hundred ms; the calls' answers are then already there instead of starting only then
 * (bench 5, bench/README.md).
 */
export const FIRST_CALLS = {
  apps: CONTROL_PATHS.apps,
  personas: CONTROL_PATHS.personas,
  wallets: CONTROL_PATHS.wallets,
} as const;
export type FirstCall = keyof typeof FIRST_CALLS;

/** Where the inline script leaves the pending answers, on `window`. */
export const FIRST_CALLS_GLOBAL = '__mpSandboxFirstCalls';

type Pending = Partial<Record<FirstCall, Promise<Response | undefined>>>;

/**
 * Wakes the browser's Intl (ICU) up: its first use in a fresh page costs 40-370 ms on a busy
 * 2-core machine (measured in Chromium), and the home screen's first render formats the balance
 * with it. Run from a task of its own after the document is parsed, it takes that cost while the
 * main thread would otherwise wait for the main script to arrive and compile.
 */
const WAKE_INTL =
  'setTimeout(function(){try{new Intl.NumberFormat(undefined,{style:"currency",currency:"USD"}).format(0)}catch(e){}},0);';

/**
 * The inline script: one GET per call through the shell's `/platform` proxy (as api/platform.ts
 * sends them); a call that fails to leave resolves to undefined (never an unhandled rejection).
 */
export function firstCallsScript(prefix = '/platform'): string {
  const calls = Object.entries(FIRST_CALLS)
    .map(
      ([name, path]) =>
        `${JSON.stringify(name)}:fetch(${JSON.stringify(prefix + path)},{headers:{Accept:"application/json"}}).catch(function(){})`,
    )
    .join(',');
  return `window[${JSON.stringify(FIRST_CALLS_GLOBAL)}]={${calls}};${WAKE_INTL}`;
}

/**
 * The answer of the early call `name`, once (a later read, a refetch, goes through `regular`), or
 * `regular()` when there was none, it failed, or its body is not JSON: the regular client then
 * reports the platform's reason as it always does.
 */
export async function firstCall<T>(
  name: FirstCall,
  regular: () => Promise<T>,
  holder: Record<string, unknown> = globalThis as Record<string, unknown>,
): Promise<T> {
  const pending = holder[FIRST_CALLS_GLOBAL] as Pending | undefined;
  const early = pending?.[name];
  if (pending) delete pending[name];
  const response = early && (await early);
  if (response?.ok) {
    try {
      return (await response.json()) as T;
    } catch {
      // Fall through to the regular call.
    }
  }
  return regular();
}
