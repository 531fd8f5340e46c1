import { useId, useRef } from 'react';
import type { Persona } from '@mp-sandbox/protocol';
import { Sheet } from '../consent/Sheet';
import { useMessages } from '../i18n/language';
import { Avatar, fullName } from './Avatar';
import { Icon } from './icons';

interface PersonaSwitcherProps {
  personas: Persona[];
  current: Persona;
  onChoose: (id: string) => void;
  onClose: () => void;
}

/** A sheet listing the sandbox's users; choosing one signs the wallet in as them. */
export function PersonaSwitcher({ personas, current, onChoose, onClose }: PersonaSwitcherProps) {
  const titleId = useId();
  const first = useRef<HTMLButtonElement>(null);
  const t = useMessages();

  return (
    <Sheet labelledBy={titleId} onDismiss={onClose} initialFocus={first}>
      <header className="sheet-header sheet-header-row">
        <h2 id={titleId}>{t.switcher.title}</h2>
        <button type="button" className="icon-button" aria-label={t.common.close} onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <ul className="persona-list">
        {personas.map((persona, index) => (
          <li key={persona.id}>
            <button
              ref={index === 0 ? first : undefined}
              type="button"
              className="persona-option"
              aria-current={persona.id === current.id ? 'true' : undefined}
              onClick={() => onChoose(persona.id)}
            >
              <Avatar persona={persona} />
              <span className="persona-text">
                <span className="persona-option-name">{fullName(persona)}</span>
                <span className="muted">
                  {persona.mobilePhone ?? t.switcher.noPhone} · {persona.id}
                </span>
              </span>
              {persona.status !== 'ACTIVE' && <span className="badge">{persona.status}</span>}
              {persona.id === current.id && <Icon name="check" className="check" />}
            </button>
          </li>
        ))}
      </ul>
    </Sheet>
  );
}
