/**
 * The wallet's home drawn by the server (the launcher's static server calls this, through
 * `apps/shell/server/homePage.ts`, for each request of the page): the same `App` the browser runs,
 * rendered to HTML with the platform's answers, into the built index.html, with those answers
 * embedded for the browser's queries. The heading is then painted with the document, before any
 * script has arrived; main.tsx hydrates it (bench 5, bench/README.md).
 *
 * It draws only what it can know exactly as the browser would: the home screen, for a persona,
 * language and phone the URL, the persona and `Accept-Language` decide. Anything else (another
 * screen, a link naming something unknown, which the browser shows with a notice) is left to the
 * browser: `undefined`, and the plain page is served.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToString } from 'preact-render-to-string';
import {
  DEFAULT_DEVICE,
  isDeviceId,
  matchLanguage,
  walletProfile,
  type AppsResponse,
  type PersonasResponse,
  type WalletsResponse,
} from '@mp-sandbox/protocol';
import { App } from '../App';
import { deviceRootAttributes } from '../device';
import { formattedAmounts } from '../format';
import { acceptedLanguages, decideLanguage, loadMessages, speakOnServer } from '../i18n/language';
import { THEME_HEAD_SCRIPT } from '../theme';
import { FIRST_CALLS_GLOBAL } from '../wallet/firstCalls';
import { configureWalletQueries } from '../wallet/walletQueries';
import { EARLY_CLICKS_SCRIPT, homeStateScript, seedQueries, type HomeState } from './homeState';
import { markupPass } from './renderPass';

export interface HomeRequest {
  /** The page's full URL as the browser asked for it. */
  href: string;
  acceptLanguage?: string;
  cookie?: string;
}

export interface HomeData {
  apps: AppsResponse;
  personas: PersonasResponse;
  wallets: WalletsResponse;
}

/** Parameters that name another screen than the home. */
const OTHER_SCREENS = ['app', 'page', 'screen'];

/**
 * Whether the server can draw this URL's page (before asking the platform anything): the home
 * screen, with no `?lang=` or `?device=` the wallet does not know (the browser shows those with
 * a notice).
 */
export function drawsHome(href: string): boolean {
  const params = new URL(href).searchParams;
  if (OTHER_SCREENS.some((name) => params.has(name))) return false;
  const lang = params.get('lang');
  const device = params.get('device');
  return (lang === null || Boolean(matchLanguage(lang))) && (device === null || isDeviceId(device));
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FIRST_CALLS_TAG = new RegExp(
  `<script>window\\[${JSON.stringify(FIRST_CALLS_GLOBAL).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\][\\s\\S]*?</script>`,
);

/**
 * The page for `request`: `template` (the built index.html) with the home drawn into it, or
 * undefined when the browser must draw it (see drawsHome, and a persona the URL names that the
 * platform does not have).
 */
export async function renderHomePage(
  template: string,
  request: HomeRequest,
  data: HomeData,
): Promise<string | undefined> {
  if (!drawsHome(request.href)) return undefined;
  const params = new URL(request.href).searchParams;
  const chosen = params.get('persona');
  const personas = data.personas.personas;
  const persona = personas.find((p) => p.id === chosen) ?? (chosen ? undefined : personas[0]);
  if (!persona) return undefined;

  const language = decideLanguage(
    params.get('lang'),
    persona.language,
    acceptedLanguages(request.acceptLanguage),
  );
  await loadMessages(language.language);

  const client = new QueryClient();
  configureWalletQueries(client);
  seedQueries(client, data);
  // Synchronous from here: the language set for this request is the one its render reads.
  speakOnServer(language);
  const body = markupPass(
    () =>
      renderToString(
        <QueryClientProvider client={client}>
          <App />
        </QueryClientProvider>,
      ),
    { href: request.href, cookie: request.cookie ?? '' },
  );
  client.clear();

  const device = params.get('device');
  const { data: dataset, style } = deviceRootAttributes(
    isDeviceId(device) ? device : DEFAULT_DEVICE,
  );
  const theme = params.get('theme');
  const htmlAttributes = [
    `lang="${escapeHtml(language.language)}"`,
    ...(theme === 'light' || theme === 'dark' ? [`data-theme="${theme}"`] : []),
    ...Object.entries(dataset).map(([name, value]) => `data-${name}="${escapeHtml(value)}"`),
    `style="${escapeHtml(
      Object.entries(style)
        .map(([name, value]) => `${name}: ${value}`)
        .join('; '),
    )}"`,
  ].join(' ');
  const state: HomeState = { ...data, persona: persona.id, language, amounts: formattedAmounts() };
  const title = `${walletProfile(data.wallets.default).name} · sandbox`;

  const parts: Array<[RegExp, string]> = [
    [/<html[^>]*>/, `<html ${htmlAttributes}>`],
    // The theme before the body is parsed: 'system' is the operating system's, known only there.
    [/<head>/, `<head><script>${THEME_HEAD_SCRIPT}${EARLY_CLICKS_SCRIPT}</script>`],
    [/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`],
    // The answers are in the page: the early calls would be asked for nothing.
    [FIRST_CALLS_TAG, ''],
    [
      /<div id="root"><\/div>/,
      `<div id="root">${body}</div><script>${homeStateScript(state)}</script>`,
    ],
  ];
  let page = template;
  for (const [pattern, replacement] of parts) {
    // A template without one of these is not the page this code knows: the browser draws it.
    if (!pattern.test(page)) return undefined;
    page = page.replace(pattern, () => replacement);
  }
  return page;
}
