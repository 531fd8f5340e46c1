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

/** Shows `language`: its words, `<html lang>`, and dates and numbers in its conventions. */
function show(language: WalletLanguage): void {
  shown = language;
  document.documentElement.lang = language;
  // A browser language keeps its region for dates and numbers (en-GB writes 2 Dec); any other source is the language's own.
  setFormatLocale(
    fromBrowser && fromBrowser.language === language && !fromUrl && !fromPersona
      ? fromBrowser.tag
      : language,
  );
  notify();
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
