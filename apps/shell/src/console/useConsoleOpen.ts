import { useCallback, useState } from 'react';
import { pageCookie } from '../ssr/renderPass';

const STORAGE_KEY = 'mp-sandbox.console.open';
/** Below this width the console would squeeze the phone, so it starts hidden (and goes below it). */
export const WIDE_SCREEN = '(min-width: 1100px)';
const YEAR_S = 365 * 24 * 3600;

/**
 * The developer's own choice, open or closed, if they made one. It is kept in a cookie, which the
 * server that draws the home screen sees too (ssr/renderHome.tsx), so the console's place is
 * drawn right from the first frame; `undefined` leaves it to the screen's width.
 */
export function savedConsoleChoice(cookie = pageCookie()): boolean | undefined {
  const match = new RegExp(`(?:^|;\\s*)${STORAGE_KEY.replace(/\./g, '\\.')}=(true|false)`).exec(
    cookie,
  );
  return match ? match[1] === 'true' : undefined;
}

function saveChoice(open: boolean): void {
  document.cookie = `${STORAGE_KEY}=${open}; Path=/; Max-Age=${YEAR_S}; SameSite=Lax`;
}

function initiallyOpen(): boolean {
  const saved = savedConsoleChoice();
  if (saved !== undefined) return saved;
  // Where the choice was kept before: move it to the cookie.
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (stored === 'true' || stored === 'false') {
    saveChoice(stored === 'true');
    return stored === 'true';
  }
  return window.matchMedia(WIDE_SCREEN).matches;
}

/** Whether the console is shown; the developer's choice is remembered across reloads. */
export function useConsoleOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(initiallyOpen);
  const setOpen = useCallback((next: boolean) => {
    saveChoice(next);
    setOpenState(next);
  }, []);
  return [open, setOpen];
}
