import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { platformApi } from '../api/platform';
import { firstCall } from './firstCalls';

/**
 * How long the home's apps and personas count as fresh: the home and then the console mount right
 * after they were fetched (or embedded by the server in the page), and would each ask again at
 * once with react-query's default of 0, work the platform does twice (bench 5). A reset from the
 * console invalidates them explicitly, whatever this says.
 */
export const FIRST_SCREEN_FRESH_MS = 10_000;

/** The same freshness for every reader of those keys (the console reads them with options of its own). */
export function configureWalletQueries(client: QueryClient): void {
  client.setQueryDefaults(['apps'], { staleTime: FIRST_SCREEN_FRESH_MS });
  client.setQueryDefaults(['personas'], { staleTime: FIRST_SCREEN_FRESH_MS });
}

/**
 * The wallet's own data, defined once: the screens read it with these, and main.tsx asks for the
 * first screen's part before React starts (prefetchFirstScreen), so one definition keeps the two
 * the same query. The first fetch of each takes the answer index.html's early call got
 * (firstCalls.ts); later ones call the platform.
 */
export const walletQueries = {
  apps: queryOptions({
    queryKey: ['apps'],
    queryFn: () => firstCall('apps', platformApi.apps),
    staleTime: FIRST_SCREEN_FRESH_MS,
  }),
  personas: queryOptions({
    queryKey: ['personas'],
    queryFn: () => firstCall('personas', platformApi.personas),
    staleTime: FIRST_SCREEN_FRESH_MS,
  }),
  wallets: queryOptions({
    queryKey: ['wallets'],
    queryFn: () => firstCall('wallets', platformApi.wallets),
    staleTime: Infinity,
  }),
};

/**
 * Starts the calls the home screen waits for (the apps, the personas, the wallet profile), all at
 * once, while the script is still being evaluated. React's queries start in effects, after the
 * first render has committed and painted, which on a busy 2-core machine was 0.5-0.8 s later
 * (bench 5, bench/README.md). Resolves when all three are in the cache (answered or failed).
 */
export async function prefetchFirstScreen(client: QueryClient): Promise<void> {
  await Promise.all([
    client.prefetchQuery(walletQueries.apps),
    client.prefetchQuery(walletQueries.personas),
    client.prefetchQuery(walletQueries.wallets),
  ]);
}
