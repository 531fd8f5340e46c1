import { useSyncExternalStore } from 'react';
import {
  DEFAULT_LANGUAGE,
  LANGUAGE_NAMES,
  matchLanguage,
  WALLET_LANGUAGES,
  type WalletLanguage,
} from '@mp-sandbox/protocol';
import { setFormatLocale } from '../format';
import { en, type Messages } from './en';

const PARAM = 'lang';

/**
 * Where the wallet's language comes from, first match wins:
 *  1. `?lang=` in the URL: the choice made for this tab (the Display menu writes it), so a QA link
 *     shows what its author saw whoever opens it;
 *  2. the persona's `language`: the user's own setting, which a real wallet follows over the phone's;
 *  3. the browser's `navigator.languages`, in its order of preference;
 *  4. English.
 */
let fromUrl: WalletLanguage | undefined;
let unknownUrlChoice: string | undefined;
let fromPersona: WalletLanguage | undefined;
let fromBrowser: { language: WalletLanguage; tag: string } | undefined;

// English is in the first chunk; the others are loaded when first wanted (their own chunks).
const LOADERS: Record<Exclude<WalletLanguage, 'en'>, () => Promise<Messages>> = {
  es: () => import('./es').then((m) => m.es),
  'pt-BR': () => import('./ptBR').then((m) => m.ptBR),
  'zh-Hans': () => import('./zhHans').then((m) => m.zhHans),
};
const loaded: Partial<Record<WalletLanguage, Messages>> = { en };
/** Catalogues that did not load: the wallet stays in the language it shows, and nothing waits for them. */
const failed = new Set<WalletLanguage>();
let shown: WalletLanguage = DEFAULT_LANGUAGE;
const listeners = new Set<() => void>();

/** The order above, as a pure function (tested in language.test.ts). */
export function pickLanguage(
  url: string | null,
  persona: WalletLanguage | undefined,
  browser: readonly string[],
): WalletLanguage {
  return (
    matchLanguage(url) ??
    persona ??
    browser.map((tag) => matchLanguage(tag)).find(Boolean) ??
    DEFAULT_LANGUAGE
  );
}

/** What the wallet speaks, and the locale its dates and numbers follow. */
export interface LanguageDecision {
  language: WalletLanguage;
  formatLocale: string;
}

/**
 * The whole decision from its three inputs (`?lang=`'s value, the persona's language, the
 * browser's tags in order): the browser (main.tsx) and the server that draws the home
 * (ssr/renderHome.tsx, from `Accept-Language`) make it with this one function.
 */
export function decideLanguage(
  url: string | null,
  persona: WalletLanguage | undefined,
  browser: readonly string[],
): LanguageDecision {
  const tag = browser.find((t) => matchLanguage(t));
  const language = pickLanguage(url, persona, tag ? [tag] : []);
  // A browser language keeps its region for dates and numbers (en-GB writes 2 Dec); any other source is the language's own.
  const fromBrowserOnly = tag !== undefined && !matchLanguage(url) && !persona;
  return { language, formatLocale: fromBrowserOnly ? tag : language };
}

/** `Accept-Language`'s tags, most wanted first (the order `navigator.languages` has in the browser). */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((t) => t.tag !== '' && t.tag !== '*' && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((t) => t.tag);
}

/** The language the wallet will speak for a holder whose own language is `persona`. */
function wantedFor(persona: WalletLanguage | undefined): WalletLanguage {
  return pickLanguage(fromUrl ?? null, persona, fromBrowser ? [fromBrowser.tag] : []);
}

function wanted(): WalletLanguage {
  return wantedFor(fromPersona);
}

function notify(): void {
  for (const listener of listeners) listener();
}

let shownLocale: string = DEFAULT_LANGUAGE;

/** Shows `language`: its words, `<html lang>`, and dates and numbers in its conventions. */
function show(language: WalletLanguage): void {
  shown = language;
  document.documentElement.lang = language;
  // A browser language keeps its region for dates and numbers (en-GB writes 2 Dec); any other source is the language's own.
  shownLocale =
    fromBrowser && fromBrowser.language === language && !fromUrl && !fromPersona
      ? fromBrowser.tag
      : language;
  setFormatLocale(shownLocale);
  notify();
}

/** The decision the page shows now (main.tsx checks it against the server's before hydrating). */
export function shownDecision(): LanguageDecision {
  return { language: shown, formatLocale: shownLocale };
}

/**
 * Resolves when the wallet speaks what it wants to (its catalogue loaded), or gave up loading it:
 * main.tsx waits for this before the first render, so a holder's own language is drawn from the
 * first frame instead of English first.
 */
export function languageSettled(): Promise<void> {
  const settled = () => shown === wanted() || failed.has(wanted());
  if (settled()) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!settled()) return;
      listeners.delete(check);
      resolve();
    };
    listeners.add(check);
  });
}

/** Loads the words of `language` (the server's render, before it draws). */
export async function loadMessages(language: WalletLanguage): Promise<void> {
  if (language !== 'en') loaded[language] ??= await LOADERS[language]();
}

/**
 * The server's render speaks `decision` (its catalogue loaded with loadMessages): no document, no
 * listeners; set right before each synchronous render, so one request's language never leaks into
 * another's.
 */
export function speakOnServer(decision: LanguageDecision): void {
  shown = loaded[decision.language] ? decision.language : DEFAULT_LANGUAGE;
  shownLocale = decision.formatLocale;
  setFormatLocale(decision.formatLocale);
}

/** Loads the catalogue the wallet wants (once), then shows it, unless the wish changed meanwhile. */
function update(): void {
  const language = wanted();
  const ready = loaded[language];
  if (ready || language === 'en') {
    show(language);
    return;
  }
  void LOADERS[language]().then(
    (messages) => {
      loaded[language] = messages;
      if (wanted() === language) show(language);
    },
    (error: unknown) => {
      console.error(`[wallet] the ${language} catalogue did not load; staying in ${shown}`, error);
      failed.add(language);
      notify();
    },
  );
}

/** Reads `?lang=` and the browser's languages; main.tsx calls it before the first render. */
export function initLanguage(): void {
  const value = new URLSearchParams(window.location.search).get(PARAM);
  fromUrl = matchLanguage(value);
  unknownUrlChoice = value !== null && !fromUrl ? value : undefined;
  if (unknownUrlChoice !== undefined)
    console.warn(
      `[wallet] ?${PARAM}=${unknownUrlChoice} is not a language the wallet speaks (${WALLET_LANGUAGES.join(', ')}): it was passed over for the persona's, the browser's or English`,
    );
  const tags = window.navigator.languages?.length
    ? window.navigator.languages
    : [window.navigator.language];
  const tag = tags.find((t) => matchLanguage(t));
  fromBrowser = tag ? { language: matchLanguage(tag)!, tag } : undefined;
  update();
}

/** The language of whoever holds the wallet; App calls it when the persona changes. */
export function setPersonaLanguage(language: WalletLanguage | undefined): void {
  if (fromPersona === language) return;
  fromPersona = language;
  update();
}

/** `auto` leaves it to the persona and the browser; any other choice is kept in the URL (`?lang=es`). */
export function chooseLanguage(choice: WalletLanguage | 'auto'): void {
  fromUrl = choice === 'auto' ? undefined : choice;
  unknownUrlChoice = undefined;
  const url = new URL(window.location.href);
  if (choice === 'auto') url.searchParams.delete(PARAM);
  else url.searchParams.set(PARAM, choice);
  window.history.replaceState(window.history.state, '', url);
  update();
  // The notice about an unknown ?lang= goes, even when the language shown stays the same.
  notify();
}

/** The language the wallet speaks now; a mini program opened now gets it in `my.getSystemInfo().language`. */
export function currentLanguage(): WalletLanguage {
  return shown;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Whether the wallet already speaks what it will speak for a holder whose own language is
 * `persona` (or gave up loading it). A mini program's frame waits for this: its launch parameters
 * carry the language, and a language that arrives after the frame would load the app a second time.
 */
export function useLanguageSettled(persona: WalletLanguage | undefined): boolean {
  const language = useSyncExternalStore(subscribe, () => shown);
  const failures = useSyncExternalStore(subscribe, () => failed.size);
  const target = wantedFor(persona);
  return language === target || (failures > 0 && failed.has(target));
}

/** What the phone says about a `?lang=` the wallet does not speak (notices for the developer stay in English). */
export function unknownLanguageNotice(choice: string, showing: WalletLanguage): string {
  return `No language "${choice}": the wallet speaks ${WALLET_LANGUAGES.join(', ')}. Showing ${LANGUAGE_NAMES[showing]}.`;
}

/** The wallet's words, in the language it speaks now. */
export function useMessages(): Messages {
  const language = useSyncExternalStore(subscribe, () => shown);
  return loaded[language] ?? en;
}

/** For the language menu: what is shown, what the URL chose (`auto` when nothing), and a `?lang=` it did not know. */
export function useLanguage(): {
  language: WalletLanguage;
  choice: WalletLanguage | 'auto';
  unknownChoice: string | undefined;
} {
  const language = useSyncExternalStore(subscribe, () => shown);
  const choice = useSyncExternalStore(subscribe, () => fromUrl ?? 'auto');
  const unknownChoice = useSyncExternalStore(subscribe, () => unknownUrlChoice);
  return { language, choice, unknownChoice };
}
