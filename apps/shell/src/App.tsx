import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MiniProgramApp, Persona } from '@mp-sandbox/protocol';
import { platformApi } from './api/platform';
import { MiniProgramContainer } from './container/MiniProgramContainer';
import { Home } from './wallet/Home';

/** `?persona=<id>` opens the wallet as that user, so a QA link can pin who is signed in. */
function choosePersona(personas: Persona[]): Persona | undefined {
  const wanted = new URLSearchParams(window.location.search).get('persona');
  return personas.find((p) => p.id === wanted) ?? personas[0];
}

export function App() {
  const apps = useQuery({ queryKey: ['apps'], queryFn: platformApi.apps });
  const personas = useQuery({ queryKey: ['personas'], queryFn: platformApi.personas });
  const [open, setOpen] = useState<{ app: MiniProgramApp; launch: number } | undefined>();

  const error = apps.error ?? personas.error;
  const persona = personas.data && choosePersona(personas.data.personas);

  return (
    <div className="stage">
      <div className="phone" aria-label="Wallet">
        <div className="status-bar" aria-hidden="true">
          <span>9:41</span>
          <span>Sandbox Wallet</span>
        </div>
        {error ? (
          <div className="page-message" role="alert">
            <h1>The platform does not answer</h1>
            <p>{error.message}</p>
            <p>Start everything with <code>npm run sandbox</code>; the shell reaches the platform through <code>/platform</code>.</p>
          </div>
        ) : !apps.data || !persona ? (
          <div className="page-message" role="status">Loading wallet…</div>
        ) : open ? (
          // A new key per launch: reopening a mini program starts it fresh.
          <MiniProgramContainer key={open.launch} app={open.app} persona={persona} onClose={() => setOpen(undefined)} />
        ) : (
          <Home apps={apps.data.apps} persona={persona} onOpen={(app) => setOpen({ app, launch: Date.now() })} />
        )}
      </div>
    </div>
  );
}
