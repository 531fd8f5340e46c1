import { useId, useRef } from 'react';
import { SCOPES, type MiniProgramApp, type ScopeName } from '@mp-sandbox/protocol';
import { useMessages } from '../i18n/language';
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
  const { consent: t, common, scopes: titles, fields } = useMessages();

  return (
    <Sheet
      labelledBy={titleId}
      onDismiss={() => onDecide('cancel')}
      initialFocus={deny}
      className="consent-sheet"
    >
      <header className="sheet-header">
        <AppIcon icon={app.icon} size="large" />
        <h2 id={titleId}>{app.name}</h2>
        <button
          type="button"
          className="icon-button sheet-close"
          aria-label={common.close}
          onClick={() => onDecide('cancel')}
        >
          <Icon name="close" />
        </button>
      </header>
      <p className="sheet-lead">{t.wouldLikeTo(app.name)}</p>
      {/* The one part that scrolls: the app's name above and the answers below stay in view. */}
      <ul className="scope-list" aria-label={t.requestedAccess}>
        {scopes.map((scope) => (
          <li key={scope}>
            <p className="scope-title">{titles[scope]}</p>
            {SCOPES[scope].fields.length > 0 && (
              <p className="scope-fields">
                {SCOPES[scope].fields.map((f) => fields[f]).join(' · ')}
              </p>
            )}
          </li>
        ))}
      </ul>
      <div className="sheet-actions">
        <button type="button" className="secondary" ref={deny} onClick={() => onDecide('deny')}>
          {t.deny}
        </button>
        <button type="button" className="primary" onClick={() => onDecide('allow')}>
          {t.allow}
        </button>
      </div>
    </Sheet>
  );
}
