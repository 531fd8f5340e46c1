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
prefetchFirstScreen(queryClient);

// The theme is set before the first render, so the wallet never flashes in the wrong one.
initTheme();
// The phone and the language too: the first render draws the chosen device, in the chosen language.
initDevice();
initLanguage();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
