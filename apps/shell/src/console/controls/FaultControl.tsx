import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import {
  OPENAPI_APIS,
  RESULT_CODES,
  type Fault,
  type FaultRequest,
  type ResultCode,
} from '@mp-sandbox/protocol';
import { useConsoleScope } from '../ConsoleScope';
import { RemoveButton } from './RemoveButton';

const APIS = [...(Object.keys(OPENAPI_APIS) as Array<keyof typeof OPENAPI_APIS>), '*'] as const;
/** Only failures can be injected; SUCCESS is what a call answers without a fault. */
const FAILURE_CODES = (Object.keys(RESULT_CODES) as ResultCode[]).filter(
  (code) => RESULT_CODES[code].status !== 'S',
);
const NO_CODE = '';

function describeFault(fault: Fault): string {
  const api = fault.api === '*' ? 'any API' : fault.api;
  const outcome = fault.resultCode ?? 'slowed down only';
  const latency = fault.latencyMs > 0 ? ` · ${fault.latencyMs} ms` : '';
  return `${api} → ${outcome} × ${fault.count}${latency}`;
}

/** Arm a gateway fault (the next calls of an API answer a result code, or wait), list and remove them. */
export function FaultControl() {
  const queryClient = useQueryClient();
  const { api: control, keys } = useConsoleScope();
  const faults = useQuery({ queryKey: keys.faults, queryFn: control.faults });
  const [api, setApi] = useState<FaultRequest['api']>('applyToken');
  const [resultCode, setResultCode] = useState<ResultCode | typeof NO_CODE>('UNKNOWN_EXCEPTION');
  const [count, setCount] = useState(1);
  const [latencyMs, setLatencyMs] = useState(0);
  const ids = { api: useId(), code: useId(), count: useId(), latency: useId() };
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.faults });
  const arm = useMutation({ mutationFn: control.armFault, onSuccess: refresh });
  // Removing answers the whole sandbox's list, not this namespace's: read ours again instead.
  const remove = useMutation({ mutationFn: control.removeFault, onSuccess: refresh });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    arm.mutate({ api, count, latencyMs, ...(resultCode !== NO_CODE && { resultCode }) });
  };
  const error = faults.error ?? arm.error ?? remove.error;

  return (
    <section className="control" aria-labelledby="console-faults-title">
      <h4 id="console-faults-title">Faults</h4>
      <form className="control-form" aria-label="Arm a fault" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.api}>API</label>
          <select
            id={ids.api}
            value={api}
            onChange={(event) => setApi(event.currentTarget.value as FaultRequest['api'])}
          >
            {APIS.map((name) => (
              <option key={name} value={name}>
                {name === '*' ? '* (any API)' : name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.code}>Result code</label>
          <select
            id={ids.code}
            value={resultCode}
            onChange={(event) => setResultCode(event.currentTarget.value as ResultCode)}
          >
            {FAILURE_CODES.map((code) => (
              <option key={code} value={code}>
                {code} ({RESULT_CODES[code].status})
              </option>
            ))}
            <option value={NO_CODE}>none: only slow down</option>
          </select>
        </div>
        <div className="field-pair">
          <div className="field">
            <label htmlFor={ids.count}>Count</label>
            <input
              id={ids.count}
              type="number"
              min={1}
              step={1}
              value={count}
              onChange={(event) =>
                setCount(Math.max(1, Math.floor(Number(event.currentTarget.value))))
              }
            />
          </div>
          <div className="field">
            <label htmlFor={ids.latency}>Latency (ms)</label>
            <input
              id={ids.latency}
              type="number"
              min={0}
              step={100}
              value={latencyMs}
              onChange={(event) => setLatencyMs(Math.max(0, Number(event.currentTarget.value)))}
            />
          </div>
        </div>
        <button type="submit" className="chip" disabled={arm.isPending}>
          Arm fault
        </button>
      </form>
      {faults.data && faults.data.faults.length === 0 && (
        <p className="muted">No fault armed: every call is served.</p>
      )}
      {faults.data && faults.data.faults.length > 0 && (
        <ul className="armed-list" aria-label="Armed faults">
          {faults.data.faults.map((fault) => (
            <li key={fault.id}>
              <span className="mono">{describeFault(fault)}</span>
              <RemoveButton
                label={`Remove fault ${describeFault(fault)}`}
                pending={remove.isPending}
                onRemove={() => remove.mutate(fault.id)}
              />
            </li>
          ))}
        </ul>
      )}
      {error && <p className="control-error">{error.message}</p>}
    </section>
  );
}
