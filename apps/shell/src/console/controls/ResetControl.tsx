import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useConsoleScope } from '../ConsoleScope';

/** Back to the seed; every query re-reads what it shows, and the timeline view starts empty. */
export function ResetControl({ onReset }: { onReset: () => void }) {
  const queryClient = useQueryClient();
  const { api, namespace } = useConsoleScope();
  const [confirming, setConfirming] = useState(false);
  const reset = useMutation({
    mutationFn: api.reset,
    onSuccess: async () => {
      onReset();
      await queryClient.invalidateQueries();
    },
  });
  return (
    <section className="control" aria-labelledby="console-reset-title">
      <h4 id="console-reset-title">Reset</h4>
      <p className="muted">
        {namespace
          ? `Namespace ${namespace} only: its personas come back as seeded; its`
          : 'The seeded apps, clients and personas stay;'}{' '}
        codes, tokens, grants, faults and events go, and the clock returns to wall time.
      </p>
      {/* Reset throws away every code, token and grant: it asks once more before it acts. */}
      {confirming ? (
        <div className="confirm-row" role="group" aria-label="Confirm reset">
          <span>Reset {namespace ? `namespace ${namespace}` : 'the sandbox'}?</span>
          <button
            type="button"
            className="chip danger"
            disabled={reset.isPending}
            onClick={() => {
              setConfirming(false);
              reset.mutate();
            }}
          >
            Reset now
          </button>
          <button type="button" className="chip" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="chip"
          disabled={reset.isPending}
          onClick={() => {
            reset.reset();
            setConfirming(true);
          }}
        >
          Reset sandbox
        </button>
      )}
      {reset.isSuccess && (
        <p className="muted" role="status">
          The sandbox was reset.
        </p>
      )}
      {reset.error && <p className="control-error">{reset.error.message}</p>}
    </section>
  );
}
