import { lazy, Suspense, useEffect, useState } from 'react';
import type { Persona } from '@mp-sandbox/protocol';
import { inMarkupPass } from '../ssr/renderPass';
import { savedConsoleChoice } from './useConsoleOpen';

// A chunk of its own: the wallet's first screen does not need the console's code.
const SandboxConsole = lazy(() =>
  import('./SandboxConsole').then((module) => ({ default: module.SandboxConsole })),
);

/**
 * The console, from the moment the wallet's first screen is up (`ready`) on. Its first render (the
 * timeline, the clock's date input, the policy forms, their queries and the event stream) cost
 * more than the home screen itself and held back the home's data calls (bench 5,
 * bench/README.md). Until then an empty frame of the same size keeps its place, so the phone does
 * not move when it comes. A page the server drew has the frame; its hydration draws the frame too,
 * and the console follows in an effect.
 */
export function DeferredConsole({
  holder,
  ready,
}: {
  holder: Persona | undefined;
  ready: boolean;
}) {
  const [started, setStarted] = useState(ready && !inMarkupPass());
  // Once started it stays, whatever the wallet shows next.
  if (ready && !started && !inMarkupPass()) setStarted(true);
  useEffect(() => void (ready && setStarted(true)), [ready]);
  return started ? (
    <Suspense fallback={<ConsoleFrame />}>
      <SandboxConsole holder={holder} />
    </Suspense>
  ) : (
    <ConsoleFrame />
  );
}

/** The console's place: open or closed as the developer chose, else as wide as the screen allows (styles.css: `auto`). */
function ConsoleFrame() {
  const [saved] = useState(() => savedConsoleChoice());
  const state = saved === undefined ? ' auto' : saved ? '' : ' collapsed';
  return <aside className={`console${state}`} aria-hidden="true" />;
}
