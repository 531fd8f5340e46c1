import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import { initDevice } from './device';
import { seedAmounts } from './format';
import { initLanguage, languageSettled, setPersonaLanguage, shownDecision } from './i18n/language';
import { readHomeState, replayClicks, seedQueries, type HomeState } from './ssr/homeState';
import { markupPass, pageParams } from './ssr/renderPass';
import { initTheme } from './theme';
import { configureWalletQueries, prefetchFirstScreen } from './wallet/walletQueries';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});
configureWalletQueries(queryClient);
// A page the launcher's server drew carries the answers it was drawn from (ssr/renderHome.tsx);
// any other page asks for the home screen's data now, before the first render.
const served = readHomeState();
if (served) {
  seedQueries(queryClient, served);
  seedAmounts(served.amounts ?? {});
}
const firstScreen = served ? undefined : prefetchFirstScreen(queryClient);

// The theme is set before the first render, so the wallet never flashes in the wrong one.
initTheme();
// The phone and the language too: the first render draws the chosen device, in the chosen language.
initDevice();
initLanguage();

/** The holder's own language, known before the first render when the data is (no English first). */
function holderLanguage(): void {
  const personas = queryClient.getQueryData(['personas']) as
    | { personas: Array<{ id: string; language?: Parameters<typeof setPersonaLanguage>[0] }> }
    | undefined;
  const list = personas?.personas;
  if (!list?.length) return;
  const chosen = pageParams().get('persona');
  setPersonaLanguage((list.find((p) => p.id === chosen) ?? list[0])?.language);
}

const app = (
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>
);
const root = document.getElementById('root')!;

/** Whether this browser decides as the server did (its languages are the `Accept-Language` it sent). */
function decidesAsServer(state: HomeState): boolean {
  const { language, formatLocale } = shownDecision();
  return language === state.language.language && formatLocale === state.language.formatLocale;
}

/** Takes the server's screen over (the same markup, now live), or draws it afresh if it would differ. */
function takeOver(state: HomeState): void {
  if (decidesAsServer(state)) markupPass(() => hydrateRoot(root, app));
  else {
    root.replaceChildren();
    createRoot(root).render(app);
  }
  replayClicks();
}

if (served) {
  holderLanguage();
  // Once the wallet has the words it speaks: English is in this script, so that is at once (a
  // microtask after this script, before the page's load event: a test's goto returns to a live
  // page); another language's words come first.
  void languageSettled().then(() => takeOver(served));
} else {
  // The first render waits for the data if it comes before the next frame: usually it is already
  // here (index.html's calls were answered while this script was on its way), and the home is
  // then drawn once, with its data, instead of a loading message first and the home a few tasks
  // later (bench 5). A platform slower than that gets the loading message at the next frame, as
  // before. It also waits for the holder's language's words. (Not a top-level await: that would
  // split this script into several chunks, more requests.)
  void Promise.race([firstScreen, new Promise((frame) => requestAnimationFrame(frame))])
    .then(() => {
      holderLanguage();
      return languageSettled();
    })
    .then(() => createRoot(root).render(app));
}
