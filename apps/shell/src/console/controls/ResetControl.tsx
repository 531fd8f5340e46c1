import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useConsoleScope } from '../ConsoleScope';

/** Back to the seed; every query re-reads what it shows, and the timeline view starts empty. */
export function ResetControl({ onReset }: { onReset: () => void }) {
  const queryClient = useQueryClient();
  const { api, namespace } = useConsoleScope();
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
        {namespace ? `Namespace ${namespace} only: its personas come back as seeded; its` : 'The seeded apps, clients and personas stay;'}{' '}
        codes, tokens, grants, faults and events go, and the clock returns to wall time.
      </p>
      <button type="button" className="chip" disabled={reset.isPending} onClick={() => reset.mutate()}>
        Reset sandbox
      </button>
      {reset.isSuccess && <p className="muted" role="status">The sandbox was reset.</p>}
      {reset.error && <p className="control-error">{reset.error.message}</p>}
    </section>
  );
}
