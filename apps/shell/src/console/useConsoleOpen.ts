import { useCallback, useState } from 'react';

const STORAGE_KEY = 'mp-sandbox.console.open';
/** Below this width the console would squeeze the phone, so it starts hidden (and goes below it). */
export const WIDE_SCREEN = '(min-width: 1100px)';

function initiallyOpen(): boolean {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved === 'true' || saved === 'false') return saved === 'true';
  return window.matchMedia(WIDE_SCREEN).matches;
}

/** Whether the console is shown; the developer's choice is remembered across reloads. */
export function useConsoleOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(initiallyOpen);
  const setOpen = useCallback((next: boolean) => {
    window.localStorage.setItem(STORAGE_KEY, String(next));
    setOpenState(next);
  }, []);
  return [open, setOpen];
}
