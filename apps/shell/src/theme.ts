import { useSyncExternalStore } from 'react';

/** What the person chose; `system` follows the operating system's setting. */
export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const PARAM = 'theme';
const DARK = '(prefers-color-scheme: dark)';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

function choiceFromUrl(): ThemeChoice {
  const value = new URLSearchParams(window.location.search).get(PARAM);
  return CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : 'system';
}

let choice: ThemeChoice = 'system';
const listeners = new Set<() => void>();

function resolve(): Theme {
  return choice === 'system' ? (window.matchMedia(DARK).matches ? 'dark' : 'light') : choice;
}

/** Draws the wallet and the console in the resolved theme: `data-theme` on <html> picks the palette. */
function apply(): void {
  document.documentElement.dataset['theme'] = resolve();
  for (const listener of listeners) listener();
}

/**
 * What initTheme does, as a script for the head of a page the server drew: it runs before the
 * body is parsed, so the first frame is already in the right theme ('system' reads the operating
 * system's setting, which only the browser knows). initTheme then finds it already set.
 */
export const THEME_HEAD_SCRIPT = `(function(){try{var c=new URLSearchParams(location.search).get(${JSON.stringify(PARAM)});document.documentElement.dataset.theme=c==="light"||c==="dark"?c:matchMedia(${JSON.stringify(DARK)}).matches?"dark":"light"}catch(e){}})();`;

/** Reads the choice from the URL and draws in it; main.tsx calls it before the first render. */
export function initTheme(): void {
  choice = choiceFromUrl();
  apply();
  window.matchMedia(DARK).addEventListener('change', () => choice === 'system' && apply());
}

/** Chooses the theme; the URL keeps it (`?theme=dark`), so a QA link reproduces it. */
export function chooseTheme(next: ThemeChoice): void {
  choice = next;
  const url = new URL(window.location.href);
  if (next === 'system') url.searchParams.delete(PARAM);
  else url.searchParams.set(PARAM, next);
  window.history.replaceState(window.history.state, '', url);
  apply();
}

/** The theme the wallet draws in now; a mini program gets it as `my.getSystemInfo().theme`. */
export function currentTheme(): Theme {
  return globalThis.document?.documentElement.dataset['theme'] === 'dark' ? 'dark' : 'light';
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The choice and what it resolves to, for the control that changes it. */
export function useTheme(): { choice: ThemeChoice; theme: Theme } {
  const current = useSyncExternalStore(subscribe, () => `${choice}:${resolve()}`);
  const [c, t] = current.split(':') as [ThemeChoice, Theme];
  return { choice: c, theme: t };
}
