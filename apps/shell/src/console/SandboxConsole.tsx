import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Persona, SandboxEvent } from '@mp-sandbox/protocol';
import { platformApi } from '../api/platform';
import { ConsoleScopeProvider, useConsoleScope } from './ConsoleScope';
import { Controls } from './controls/Controls';
import { Timeline } from './timeline/Timeline';
import { useEventStream } from './timeline/useEventStream';
import { useConsoleOpen } from './useConsoleOpen';

const PANEL_ID = 'sandbox-console-panel';

/**
 * The developer's console beside the phone: the live timeline of every login, and the sandbox's
 * controls, for the namespace of whoever holds the wallet (the whole sandbox for the seeded personas).
 */
export function SandboxConsole({ holder }: { holder: Persona | undefined }) {
  return (
    <ConsoleScopeProvider namespace={holder?.namespace}>
      <ConsolePanel />
    </ConsoleScopeProvider>
  );
}

/** It keeps listening while hidden, so showing it again loses nothing. */
function ConsolePanel() {
  const [open, setOpen] = useConsoleOpen();
  const queryClient = useQueryClient();
  const { api, keys, namespace } = useConsoleScope();
  const apps = useQuery({ queryKey: ['apps'], queryFn: platformApi.apps });

  // A gateway call may have used up an armed fault: the list reads itself again.
  const onBatch = useCallback(
    (batch: SandboxEvent[]) => {
      if (batch.some((event) => event.type === 'openapi.call'))
        void queryClient.invalidateQueries({ queryKey: keys.faults });
    },
    [queryClient, keys],
  );
  const stream = useEventStream(api.eventStreamUrl, onBatch);

  return (
    <aside className={`console${open ? '' : ' collapsed'}`} aria-label="Sandbox console">
      <header className="console-header">
        {open && (
          <h2>
            Sandbox console
            {namespace && <span className="muted console-scope"> · namespace {namespace}</span>}
          </h2>
        )}
        <button
          type="button"
          className="chip"
          aria-expanded={open}
          aria-controls={PANEL_ID}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide console' : 'Show console'}
        </button>
      </header>
      {open && (
        <div id={PANEL_ID} className="console-body">
          <Timeline
            events={stream.events}
            state={stream.state}
            apps={apps.data?.apps ?? []}
            onClear={stream.clear}
          />
          <Controls onReset={stream.clear} />
        </div>
      )}
    </aside>
  );
}
