import { lazy, Suspense, useState } from 'react';
import type { Persona } from '@mp-sandbox/protocol';
import { useConsoleOpen } from './useConsoleOpen';

// A chunk of its own: the wallet's first screen does not need the console's code.
const SandboxConsole = lazy(() =>
  import('./SandboxConsole').then((module) => ({ default: module.SandboxConsole })),
);

/**
 * The console, from the moment the wallet's first screen is up (`ready`) on. Its first render (the
 * timeline, the clock's date input, the policy forms, their queries and the event stream) cost
 * more than the home screen itself and held back the home's data calls (bench 5,
 * bench/README.md). Until then an empty frame of the same size keeps its place, so the phone does
 * not move when it comes.
 */
export function DeferredConsole({
  holder,
  ready,
}: {
  holder: Persona | undefined;
  ready: boolean;
}) {
  const [started, setStarted] = useState(ready);
  // Once started it stays, whatever the wallet shows next.
  if (ready && !started) setStarted(true);
  return started ? (
    <Suspense fallback={<ConsoleFrame />}>
      <SandboxConsole holder={holder} />
    </Suspense>
  ) : (
    <ConsoleFrame />
  );
}

function ConsoleFrame() {
  const [open] = useConsoleOpen();
  return <aside className={`console${open ? '' : ' collapsed'}`} aria-hidden="true" />;
}
