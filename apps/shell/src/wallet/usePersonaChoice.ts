import { useCallback, useState } from 'react';
import type { Persona } from '@mp-sandbox/protocol';
import { pageParams } from '../ssr/renderPass';

const PARAM = 'persona';

/**
 * Who holds the wallet. `?persona=<id>` picks the persona, so a QA link opens the wallet as a given
 * user; switching writes the choice back into the URL so a reload keeps it.
 */
export function usePersonaChoice(personas: Persona[] | undefined) {
  const [chosen, setChosen] = useState(() => pageParams().get(PARAM));
  const persona = personas && (personas.find((p) => p.id === chosen) ?? personas[0]);
  const choose = useCallback((id: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set(PARAM, id);
    // The entry's state (the wallet's history depth) stays: only the persona changes.
    window.history.replaceState(window.history.state, '', url);
    setChosen(id);
  }, []);
  return {
    persona,
    unknownChoice:
      personas && chosen && !personas.some((p) => p.id === chosen) ? chosen : undefined,
    choose,
  };
}
