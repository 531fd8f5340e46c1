/**
 * The one render that must draw exactly what the server drew: the server's own render of the home
 * (ssr/renderHome.tsx), and the browser's hydration of it (main.tsx). During such a pass the page's
 * URL and cookies come from here (on the server there is no `window`), and components that would
 * otherwise draw something only the browser knows (the console's late chunk) draw the server's
 * version; they catch up in an effect, after the page is live. Preact renders a tree synchronously,
 * so a module-level flag is exact.
 */
interface Pass {
  href?: string;
  cookie?: string;
}

let pass: Pass | undefined;

/** Runs `render` as the server's render or the hydration of its markup (`href`/`cookie`: the request's, on the server). */
export function markupPass<T>(render: () => T, request: Pass = {}): T {
  pass = request;
  try {
    return render();
  } finally {
    pass = undefined;
  }
}

/** Whether the render running now must match the server's markup. */
export function inMarkupPass(): boolean {
  return pass !== undefined;
}

/** The page's URL: the request's on the server, else the browser's. */
export function pageHref(): string {
  return pass?.href ?? window.location.href;
}

/** The page's query parameters (see pageHref). */
export function pageParams(): URLSearchParams {
  return new URL(pageHref()).searchParams;
}

/** The page's cookies as one `Cookie` header: the request's on the server, else `document.cookie`. */
export function pageCookie(): string {
  return pass?.cookie ?? (typeof document === 'undefined' ? '' : document.cookie);
}
