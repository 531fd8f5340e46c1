import { useId, useMemo, useState } from 'react';
import type { MiniProgramApp, SandboxEvent } from '@mp-sandbox/protocol';
import { buildTimeline } from './buildTimeline';
import { exportHar, exportTimeline } from './exportTimeline';
import { filterTimeline, NO_FILTER, type TimelineFilter } from './filterTimeline';
import { LoginCard } from './LoginCard';
import type { StreamState } from './useEventStream';
import { useGatewayUrl } from './useGatewayUrl';

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
  const [filter, setFilter] = useState<TimelineFilter>(NO_FILTER);
  const shown = useMemo(() => filterTimeline(groups, filter, apps), [groups, filter, apps]);
  const searchId = useId();
  const filtered = filter.text.trim() !== '' || filter.failuresOnly;
  const gateway = useGatewayUrl();
  return (
    <section className="timeline" aria-labelledby="console-timeline-title">
      <header className="console-toolbar">
        <h3 id="console-timeline-title">Timeline</h3>
        <span className={`stream-state ${state}`} role="status">
          {STATE_TEXT[state]} · {events.length} {events.length === 1 ? 'event' : 'events'}
        </span>
        <span className="toolbar-actions">
          <button
            type="button"
            className="chip"
            disabled={events.length === 0}
            onClick={() => exportTimeline(events)}
          >
            Export JSON
          </button>
          <button
            type="button"
            className="chip"
            disabled={!gateway || !events.some((e) => e.type === 'openapi.call')}
            onClick={() => gateway && exportHar(events, gateway)}
          >
            Export HAR
          </button>
          <button type="button" className="chip" disabled={events.length === 0} onClick={onClear}>
            Clear view
          </button>
        </span>
      </header>
      <div className="timeline-filter" role="search" aria-label="Filter the timeline">
        <label htmlFor={searchId} className="visually-hidden">
          Search the timeline
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search: app, persona, event type, result code…"
          value={filter.text}
          onChange={(event) => setFilter({ ...filter, text: event.currentTarget.value })}
        />
        <label className="check-label">
          <input
            type="checkbox"
            checked={filter.failuresOnly}
            onChange={(event) =>
              setFilter({ ...filter, failuresOnly: event.currentTarget.checked })
            }
          />
          Failures only
        </label>
        {filtered && (
          <span className="muted" role="status">
            {shown.length} of {groups.length}
          </span>
        )}
      </div>
      <div className="timeline-scroll">
        {groups.length > 0 && shown.length === 0 ? (
          <p className="timeline-empty">No card matches the filter.</p>
        ) : groups.length === 0 ? (
          <p className="timeline-empty">
            Nothing yet. Open a mini program and log in: every bridge call, consent, code, token and
            user-info call shows here as it happens.
          </p>
        ) : (
          shown.map((group) => <LoginCard key={group.key} group={group} apps={apps} />)
        )}
      </div>
    </section>
  );
}
