import { useCallback, useEffect, useState } from 'react';

export type Reachability = 'checking' | 'reachable' | 'unreachable';

/**
 * Whether anything answers at a URL. An iframe gives no sign when its page fails to load, so the
 * container asks first: a no-cors fetch rejects only when nothing answers at all.
 */
export function useReachable(url: string): { state: Reachability; retry: () => void } {
  const [state, setState] = useState<Reachability>('checking');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState('checking');
    fetch(url, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(5000) }).then(
      () => current && setState('reachable'),
      () => current && setState('unreachable'),
    );
    return () => {
      current = false;
    };
  }, [url, attempt]);

  return { state, retry: useCallback(() => setAttempt((n) => n + 1), []) };
}
