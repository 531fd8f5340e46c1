import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import { initDevice } from './device';
import { initLanguage } from './i18n/language';
import { initTheme } from './theme';
import { prefetchFirstScreen } from './wallet/walletQueries';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});
// The home screen's data is asked for now, before React starts, rather than from its effects.
const firstScreen = prefetchFirstScreen(queryClient);

// The theme is set before the first render, so the wallet never flashes in the wrong one.
initTheme();
// The phone and the language too: the first render draws the chosen device, in the chosen language.
initDevice();
initLanguage();

// The first render waits for that data if it comes before the next frame: usually it is already
// here (index.html's calls were answered while this script was on its way), and the home is then
// drawn once, with its data, instead of a loading message first and the home a few tasks later
// (bench 5). A platform slower than that gets the loading message at the next frame, as before.
// (Not a top-level await: that would split this script into several chunks, more requests.)
void Promise.race([firstScreen, new Promise((frame) => requestAnimationFrame(frame))]).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  ),
);
