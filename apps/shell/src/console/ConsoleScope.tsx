import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { controlApiFor, controlKeys, type ControlApi } from './controlApi';

/** What the console acts on: a namespace (a test worker's copies of the personas), or the whole sandbox. */
export interface ConsoleScope {
  namespace: string | undefined;
  api: ControlApi;
  keys: ReturnType<typeof controlKeys>;
}

const ConsoleScopeContext = createContext<ConsoleScope | undefined>(undefined);

export function ConsoleScopeProvider({
  namespace,
  children,
}: {
  namespace: string | undefined;
  children: ReactNode;
}) {
  const scope = useMemo(
    () => ({ namespace, api: controlApiFor(namespace), keys: controlKeys(namespace) }),
    [namespace],
  );
  return <ConsoleScopeContext.Provider value={scope}>{children}</ConsoleScopeContext.Provider>;
}

export function useConsoleScope(): ConsoleScope {
  const scope = useContext(ConsoleScopeContext);
  if (!scope) throw new Error('useConsoleScope must be used within <ConsoleScopeProvider>');
  return scope;
}
