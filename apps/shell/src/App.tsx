import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { MiniProgramApp } from '@mp-sandbox/protocol';
import { DeferredConsole } from './console/DeferredConsole';
import { setWalletHolder } from './console/report';
import { unknownDeviceNotice, useDevice } from './device';
import {
  setPersonaLanguage,
  unknownLanguageNotice,
  useLanguage,
  useMessages,
} from './i18n/language';
import { Home } from './wallet/Home';
import { PersonaSwitcher } from './wallet/PersonaSwitcher';
import { Icon } from './wallet/icons';
import { usePersonaChoice } from './wallet/usePersonaChoice';
import { useWalletProfile } from './wallet/useWalletProfile';
import { useWalletRoute } from './wallet/useWalletRoute';
import { walletQueries } from './wallet/walletQueries';

// Chunks of their own, loaded when first shown: the home screen's script holds only what it draws
// (a smaller script to fetch and parse before the first render, bench 5); a mini program's
// container brings the bridge, its handlers and their schemas.
const loadContainer = () => import('./container/MiniProgramContainer');
const MiniProgramContainer = lazy(() =>
  loadContainer().then((m) => ({ default: m.MiniProgramContainer })),
);
// A link that opens a mini program needs the container at once: its chunk leaves now.
if (typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('app'))
  void loadContainer();
const AuthorizedApps = lazy(() =>
  import('./authorizations/AuthorizedApps').then((m) => ({ default: m.AuthorizedApps })),
);

/** The page as the URL keeps it: nothing for the app's own start page, else its path on the app's origin. */
function pageOf(app: MiniProgramApp, url: string): { page?: string } {
  if (url === new URL(app.url).toString()) return {};
  const { pathname, search, hash } = new URL(url);
  return { page: `${pathname}${search}${hash}` };
}

export function App() {
  const apps = useQuery(walletQueries.apps);
  const personas = useQuery(walletQueries.personas);
  const { persona, unknownChoice, choose } = usePersonaChoice(personas.data?.personas);
  const { route, launch, navigate, back } = useWalletRoute();
  const [switching, setSwitching] = useState(false);

  const error = apps.error ?? personas.error;
  const home = () => navigate({ screen: 'home' });
  const openApp =
    route.screen === 'app' ? apps.data?.apps.find((a) => a.appId === route.appId) : undefined;
  const unknownApp = route.screen === 'app' && apps.data && !openApp ? route.appId : undefined;
  const wallet = useWalletProfile(openApp);
  // The bridge reports calls as the wallet's holder; set here, since the console comes later.
  useEffect(() => setWalletHolder(persona?.id), [persona?.id]);
  // Once the home screen is up, the container's chunk comes while the user looks at it.
  const homeReady = Boolean(apps.data && persona);
  useEffect(() => void (homeReady && loadContainer()), [homeReady]);
  // The wallet speaks the holder's language, unless the URL chose one (i18n/language.ts).
  useEffect(() => setPersonaLanguage(persona?.language), [persona?.language]);
  const t = useMessages();
  const { device, unknownChoice: unknownDevice } = useDevice();
  const { language, unknownChoice: unknownLanguage } = useLanguage();
  // What a link asked for that the wallet does not have, and what it shows instead; QA may dismiss
  // each to see what it covers.
  const [dismissed, setDismissed] = useState<readonly string[]>([]);
  const linkNotices = [
    unknownApp && `No mini program "${unknownApp}" is registered: showing the home screen.`,
    unknownDevice && unknownDeviceNotice(unknownDevice, device),
    unknownLanguage && unknownLanguageNotice(unknownLanguage, language),
    unknownChoice && `No persona "${unknownChoice}": signed in as ${persona?.id} instead.`,
  ].filter(
    (text): text is string => typeof text === 'string' && text !== '' && !dismissed.includes(text),
  );

  return (
    <div className="stage">
      <main className="phone" aria-label={t.wallet} data-wallet={wallet.id}>
        <div className="status-bar" aria-hidden="true">
          <span>9:41</span>
          <span className="wallet-brand">
            <svg
              className="wallet-mark"
              width="10"
              height="10"
              viewBox="0 0 10 10"
              aria-hidden="true"
            >
              <circle cx="5" cy="5" r="5" fill={wallet.look.accent} />
            </svg>
            <span className="wallet-name">{wallet.name}</span>
          </span>
        </div>
        {linkNotices.length > 0 && (
          // Stacked over the top of the phone, one line each, so none hides another.
          <div className="notices">
            {linkNotices.map((text) => (
              <div key={text} className="notice" role="alert">
                <p>{text}</p>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t.common.dismiss}
                  onClick={() => setDismissed((shown) => [...shown, text])}
                >
                  <Icon name="close" size={16} />
                </button>
              </div>
            ))}
          </div>
        )}
        <Suspense
          fallback={
            <div className="page-message" role="status">
              {t.common.loading}
            </div>
          }
        >
          {error ? (
            <div className="page-message" role="alert">
              <h1>The platform does not answer</h1>
              <p>{error.message}</p>
              <p>
                Start everything with <code>npm run sandbox</code>; the shell reaches the platform
                through <code>/platform</code>.
              </p>
            </div>
          ) : !apps.data || !persona ? (
            <div className="page-message" role="status">
              {t.loadingWallet}
            </div>
          ) : openApp && route.screen === 'app' ? (
            // A new key per launch: reopening a mini program starts it fresh.
            <MiniProgramContainer
              key={launch}
              app={openApp}
              persona={persona}
              page={route.page}
              onBack={back}
              onClose={home}
              // The URL follows the app's own pages (&page=), so a link reopens it where QA was.
              onPage={(url) =>
                navigate(
                  { screen: 'app', appId: openApp.appId, ...pageOf(openApp, url) },
                  { replace: true, keepLaunch: true },
                )
              }
            />
          ) : route.screen === 'authorizations' ? (
            <AuthorizedApps persona={persona} apps={apps.data.apps} onBack={back} />
          ) : (
            <Home
              apps={apps.data.apps}
              persona={persona}
              onOpen={(app) => navigate({ screen: 'app', appId: app.appId })}
              onSwitchPersona={() => setSwitching(true)}
              onShowAuthorizations={() => navigate({ screen: 'authorizations' })}
            />
          )}
        </Suspense>
        {switching && persona && personas.data && (
          <PersonaSwitcher
            // A test worker's wallet switches among its own namespace's personas only.
            personas={personas.data.personas.filter((p) => p.namespace === persona.namespace)}
            current={persona}
            onChoose={(id) => {
              choose(id);
              setSwitching(false);
            }}
            onClose={() => setSwitching(false)}
          />
        )}
      </main>
      <DeferredConsole holder={persona} ready={Boolean(error) || Boolean(apps.data && persona)} />
    </div>
  );
}
