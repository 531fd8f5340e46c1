import { useEffect, useId, useRef } from 'react';
import { SCOPES, USER_FIELDS, type MiniProgramApp, type ScopeName } from '@mp-sandbox/protocol';
import { AppIcon } from '../wallet/AppIcon';

interface ConsentSheetProps {
  app: MiniProgramApp;
  scopes: ScopeName[];
  /** `cancel`: closed without choosing (the ✕, the backdrop, or Escape). */
  onDecide: (decision: 'allow' | 'deny' | 'cancel') => void;
}

/** The bottom sheet that asks the user: each scope in plain words, and the fields it unlocks. */
export function ConsentSheet({ app, scopes, onDecide }: ConsentSheetProps) {
  const titleId = useId();
  const allow = useRef<HTMLButtonElement>(null);
  // preventScroll: focusing must not scroll the phone frame under the sheet.
  useEffect(() => allow.current?.focus({ preventScroll: true }), []);

  return (
    <div className="scrim" onClick={() => onDecide('cancel')}>
      <section
        className="sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && onDecide('cancel')}
      >
        <header className="sheet-header">
          <AppIcon icon={app.icon} size="large" />
          <h2 id={titleId}>{app.name}</h2>
          <button type="button" className="icon-button sheet-close" aria-label="Close" onClick={() => onDecide('cancel')}>✕</button>
        </header>
        <p className="sheet-lead">{app.name} would like to:</p>
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
          <button type="button" className="secondary" onClick={() => onDecide('deny')}>Deny</button>
          <button type="button" className="primary" ref={allow} onClick={() => onDecide('allow')}>Allow</button>
        </div>
      </section>
    </div>
  );
}
