import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { ClockResponse } from '@mp-sandbox/protocol';
import { formatDateTime } from '../../format';
import { useConsoleScope } from '../ConsoleScope';
import { formatOffset, fromLocalInput, toLocalInput } from './clockText';

const PRESETS = [
  { by: '5m', label: '+5m' },
  { by: '1h', label: '+1h' },
  { by: '1d', label: '+1d' },
  { by: '31d', label: '+31d' },
] as const;

/**
 * The sandbox clock as of now, ticking each second: the platform's `now` plus the time since it
 * answered. (Wall time plus the offset would lag by up to a second behind what was just set, so
 * setting 10:00 showed 09:59:59.)
 */
function useSandboxNow(clock: ClockResponse | undefined, answeredAt: number): number | undefined {
  const [wall, setWall] = useState(() => Date.now());
  useEffect(() => {
    setWall(Date.now());
    const timer = setInterval(() => setWall(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [answeredAt]);
  const now = clock && Date.parse(clock.now);
  return now === undefined || Number.isNaN(now) ? undefined : now + Math.max(0, wall - answeredAt);
}

/** Read, move and set the sandbox clock that decides every expiry. */
export function ClockControl() {
  const queryClient = useQueryClient();
  const { api, keys } = useConsoleScope();
  const clock = useQuery({ queryKey: keys.clock, queryFn: api.clock });
  const now = useSandboxNow(clock.data, clock.dataUpdatedAt);
  const [target, setTarget] = useState('');
  const inputId = useId();
  const onAnswer = {
    onSuccess: (data: ClockResponse) => queryClient.setQueryData(keys.clock, data),
  };
  const advance = useMutation({
    mutationFn: (by: string | number) => api.advanceClock(String(by)),
    ...onAnswer,
  });
  const set = useMutation({ mutationFn: api.setClock, ...onAnswer });
  const error = clock.error ?? advance.error ?? set.error;
  const busy = advance.isPending || set.isPending;

  return (
    <section className="control" aria-labelledby="console-clock-title">
      <h4 id="console-clock-title">Sandbox clock</h4>
      <dl className="clock-readout">
        <div>
          <dt>Now</dt>
          <dd className="mono">{now === undefined ? '…' : formatDateTime(now)}</dd>
        </div>
        <div>
          <dt>Offset</dt>
          <dd className="mono" data-testid="clock-offset">
            {clock.data ? formatOffset(clock.data.offsetMs) : '…'}
          </dd>
        </div>
      </dl>
      <div className="button-row" role="group" aria-label="Advance the clock by">
        {PRESETS.map((preset) => (
          <button
            key={preset.by}
            type="button"
            className="chip"
            disabled={busy}
            onClick={() => advance.mutate(preset.by)}
          >
            {preset.label}
          </button>
        ))}
        <button
          type="button"
          className="chip"
          disabled={busy || !clock.data || clock.data.offsetMs === 0}
          onClick={() => clock.data && advance.mutate(-clock.data.offsetMs)}
        >
          Use wall time
        </button>
      </div>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const at = fromLocalInput(target);
          if (at) set.mutate(at);
        }}
      >
        <label htmlFor={inputId}>Set the clock to</label>
        <div className="field-row">
          <input
            id={inputId}
            type="datetime-local"
            value={target}
            onFocus={() => target === '' && now !== undefined && setTarget(toLocalInput(now))}
            onChange={(event) => setTarget(event.currentTarget.value)}
          />
          <button type="submit" className="chip" disabled={busy || !fromLocalInput(target)}>
            Set clock
          </button>
        </div>
      </form>
      {error && <p className="control-error">{error.message}</p>}
    </section>
  );
}
