import { useMemo } from 'react';
import type { MiniProgramApp, SandboxEvent } from '@mp-sandbox/protocol';
import { buildTimeline } from './buildTimeline';
import { exportHar, exportTimeline } from './exportTimeline';
import { LoginCard } from './LoginCard';
import type { StreamState } from './useEventStream';

const STATE_TEXT: Record<StreamState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
};

interface TimelineProps {
  events: SandboxEvent[];
  state: StreamState;
  apps: MiniProgramApp[];
  onClear: () => void;
}

/** Every step of every login, live, newest login first. */
export function Timeline({ events, state, apps, onClear }: TimelineProps) {
  const groups = useMemo(() => buildTimeline(events), [events]);
  return (
    <section className="timeline" aria-labelledby="console-timeline-title">
      <header className="console-toolbar">
        <h3 id="console-timeline-title">Timeline</h3>
        <span className={`stream-state ${state}`} role="status">
          {STATE_TEXT[state]} · {events.length} {events.length === 1 ? 'event' : 'events'}
        </span>
        <span className="toolbar-actions">
          <button type="button" className="chip" disabled={events.length === 0} onClick={() => exportTimeline(events)}>
            Export JSON
          </button>
          <button type="button" className="chip" disabled={!events.some((e) => e.type === 'openapi.call')} onClick={() => exportHar(events)}>
            Export HAR
          </button>
          <button type="button" className="chip" disabled={events.length === 0} onClick={onClear}>
            Clear view
          </button>
        </span>
      </header>
      <div className="timeline-scroll">
        {groups.length === 0 ? (
          <p className="timeline-empty">
            Nothing yet. Open a mini program and log in: every bridge call, consent, code, token and user-info call shows
            here as it happens.
          </p>
        ) : (
          groups.map((group) => <LoginCard key={group.key} group={group} apps={apps} />)
        )}
      </div>
    </section>
  );
}
