import { useCallback, useEffect, useState } from 'react';
import { pageHref } from '../ssr/renderPass';

/** A wallet screen, as the URL names it. */
export type WalletRoute =
  | { screen: 'home' }
  | { screen: 'authorizations' }
  | { screen: 'app'; appId: string; page?: string };

/** The screen's own parameters; any other parameter (persona and the like) is kept as it is. */
const ROUTE_PARAMS = ['app', 'page', 'screen'] as const;

export function routeFromUrl(href: string): WalletRoute {
  const params = new URL(href).searchParams;
  const appId = params.get('app');
  if (appId) {
    const page = params.get('page');
    return { screen: 'app', appId, ...(page && { page }) };
  }
  return params.get('screen') === 'authorizations'
    ? { screen: 'authorizations' }
    : { screen: 'home' };
}

export function urlForRoute(href: string, route: WalletRoute): string {
  const url = new URL(href);
  for (const name of ROUTE_PARAMS) url.searchParams.delete(name);
  if (route.screen === 'authorizations') url.searchParams.set('screen', 'authorizations');
  if (route.screen === 'app') {
    url.searchParams.set('app', route.appId);
    if (route.page) url.searchParams.set('page', route.page);
  }
  return url.toString();
}

/** What the wallet keeps in each history entry it made. */
interface EntryState {
  walletDepth: number;
}

function depthOf(state: unknown): number {
  return typeof state === 'object' &&
    state !== null &&
    typeof (state as EntryState).walletDepth === 'number'
    ? (state as EntryState).walletDepth
    : 0;
}

/**
 * The wallet's screen lives in the URL (`?app=<appId>&page=<path>`, `?screen=authorizations`), so
 * a link reproduces it, and each screen is a history entry, so the browser's Back and Forward move
 * between screens instead of leaving the sandbox. `launch` changes each time an app screen is
 * entered: the mini program starts afresh, as when a user opens it.
 */
export function useWalletRoute() {
  const [current, setCurrent] = useState(() => ({
    route: routeFromUrl(pageHref()),
    launch: 1,
  }));

  useEffect(() => {
    // Back or Forward between two pages of the open app: the app's frame moves through its own
    // history (the browser keeps one history for the page and its frames), so it is not relaunched.
    const onPop = () =>
      setCurrent((was) => {
        const route = routeFromUrl(window.location.href);
        const sameApp =
          route.screen === 'app' && was.route.screen === 'app' && route.appId === was.route.appId;
        return { route, launch: sameApp ? was.launch : was.launch + 1 };
      });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  /** `keepLaunch` (with `replace`): the URL follows the open app to another of its pages, without relaunching it. */
  const navigate = useCallback(
    (route: WalletRoute, options: { replace?: boolean; keepLaunch?: boolean } = {}) => {
      const depth = depthOf(window.history.state);
      const url = urlForRoute(window.location.href, route);
      if (options.replace)
        window.history.replaceState({ walletDepth: depth } satisfies EntryState, '', url);
      else window.history.pushState({ walletDepth: depth + 1 } satisfies EntryState, '', url);
      setCurrent((was) => ({ route, launch: options.keepLaunch ? was.launch : was.launch + 1 }));
    },
    [],
  );

  /** Back as the ‹ button means it: the previous screen (or page of the app) if the wallet made one, else home. */
  const back = useCallback(() => {
    if (depthOf(window.history.state) > 0) window.history.back();
    else navigate({ screen: 'home' }, { replace: true });
  }, [navigate]);

  return { ...current, navigate, back };
}
