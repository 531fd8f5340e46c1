import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MiniProgramApp } from '@mp-sandbox/protocol';
import { platformApi } from './api/platform';
import { AuthorizedApps } from './authorizations/AuthorizedApps';
import { SandboxConsole } from './console/SandboxConsole';
import { MiniProgramContainer } from './container/MiniProgramContainer';
import { Home } from './wallet/Home';
import { PersonaSwitcher } from './wallet/PersonaSwitcher';
import { usePersonaChoice } from './wallet/usePersonaChoice';

type Screen = { name: 'home' } | { name: 'authorizations' } | { name: 'app'; app: MiniProgramApp; launch: number };

export function App() {
  const apps = useQuery({ queryKey: ['apps'], queryFn: platformApi.apps });
  const personas = useQuery({ queryKey: ['personas'], queryFn: platformApi.personas });
  const { persona, unknownChoice, choose } = usePersonaChoice(personas.data?.personas);
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  const [switching, setSwitching] = useState(false);

  const error = apps.error ?? personas.error;
  const home = () => setScreen({ name: 'home' });

  return (
    <div className="stage">
      <div className="phone" aria-label="Wallet">
        <div className="status-bar" aria-hidden="true">
          <span>9:41</span>
          <span>Sandbox Wallet</span>
        </div>
        {unknownChoice && (
          <div className="notice" role="alert">
            <p>No persona "{unknownChoice}": signed in as {persona?.id} instead.</p>
          </div>
        )}
        {error ? (
          <div className="page-message" role="alert">
            <h1>The platform does not answer</h1>
            <p>{error.message}</p>
            <p>Start everything with <code>npm run sandbox</code>; the shell reaches the platform through <code>/platform</code>.</p>
          </div>
        ) : !apps.data || !persona ? (
          <div className="page-message" role="status">Loading wallet…</div>
        ) : screen.name === 'app' ? (
          // A new key per launch: reopening a mini program starts it fresh.
          <MiniProgramContainer key={screen.launch} app={screen.app} persona={persona} onClose={home} />
        ) : screen.name === 'authorizations' ? (
          <AuthorizedApps persona={persona} apps={apps.data.apps} onBack={home} />
        ) : (
          <Home
            apps={apps.data.apps}
            persona={persona}
            onOpen={(app) => setScreen({ name: 'app', app, launch: Date.now() })}
            onSwitchPersona={() => setSwitching(true)}
            onShowAuthorizations={() => setScreen({ name: 'authorizations' })}
          />
        )}
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
      </div>
      <SandboxConsole holder={persona} />
    </div>
  );
}
