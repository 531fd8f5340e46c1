import { useId, useRef } from 'react';
import { SCOPES, USER_FIELDS, type MiniProgramApp, type ScopeName } from '@mp-sandbox/protocol';
import { AppIcon } from '../wallet/AppIcon';
import { Sheet } from './Sheet';
import { Icon } from '../wallet/icons';

interface ConsentSheetProps {
  app: MiniProgramApp;
  scopes: ScopeName[];
  /** `cancel`: closed without choosing (the ✕, the backdrop, or Escape). */
  onDecide: (decision: 'allow' | 'deny' | 'cancel') => void;
}

/** The bottom sheet that asks the user: each scope in plain words, and the fields it unlocks. */
export function ConsentSheet({ app, scopes, onDecide }: ConsentSheetProps) {
  const titleId = useId();
  // Deny has the focus: a stray Enter must not share the user's data.
  const deny = useRef<HTMLButtonElement>(null);

  return (
    <Sheet labelledBy={titleId} onDismiss={() => onDecide('cancel')} initialFocus={deny} className="consent-sheet">
      <header className="sheet-header">
        <AppIcon icon={app.icon} size="large" />
        <h2 id={titleId}>{app.name}</h2>
        <button type="button" className="icon-button sheet-close" aria-label="Close" onClick={() => onDecide('cancel')}><Icon name="close" /></button>
      </header>
      <p className="sheet-lead">{app.name} would like to:</p>
      {/* The one part that scrolls: the app's name above and the answers below stay in view. */}
      <ul className="scope-list" aria-label="Requested access">
        {scopes.map((scope) => (
          <li key={scope}>
            <p className="scope-title">{SCOPES[scope].title.replace(/^./, (c) => c.toUpperCase())}</p>
            {SCOPES[scope].fields.length > 0 && (
              <p className="scope-fields">{SCOPES[scope].fields.map((f) => USER_FIELDS[f]).join(' · ')}</p>
            )}
          </li>
        ))}
      </ul>
      <div className="sheet-actions">
        <button type="button" className="secondary" ref={deny} onClick={() => onDecide('deny')}>Deny</button>
        <button type="button" className="primary" onClick={() => onDecide('allow')}>Allow</button>
      </div>
    </Sheet>
  );
}
