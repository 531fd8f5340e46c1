import type { MiniProgramApp, Persona } from '@mp-sandbox/protocol';
import { formatAmount } from '../format';
import { useMessages } from '../i18n/language';
import { AppIcon } from './AppIcon';
import { Avatar, fullName } from './Avatar';
import { Icon } from './icons';

interface HomeProps {
  apps: MiniProgramApp[];
  persona: Persona;
  onOpen: (app: MiniProgramApp) => void;
  onSwitchPersona: () => void;
  onShowAuthorizations: () => void;
}

/** The wallet's home screen: who is signed in, and the mini programs to open. */
export function Home({ apps, persona, onOpen, onSwitchPersona, onShowAuthorizations }: HomeProps) {
  const t = useMessages().home;
  return (
    <div className="home">
      <header className="home-header">
        <Avatar persona={persona} />
        <div className="who">
          <p className="muted">{t.signedInAs}</p>
          <p className="persona-name">{fullName(persona)}</p>
          <p className="muted">
            {persona.mobilePhone ?? t.noPhone}
            {persona.status !== 'ACTIVE' && ` · ${persona.status}`}
          </p>
        </div>
        <button type="button" className="chip" onClick={onSwitchPersona}>
          {t.switchUser}
        </button>
      </header>
      <section className="balance" aria-label={t.balance}>
        <p className="muted">{t.balance}</p>
        <p className="amount">{formatAmount(1284.5, 'USD')}</p>
      </section>
      <section aria-labelledby="mini-programs-title">
        <h1 id="mini-programs-title" className="section-title">
          {t.miniPrograms}
        </h1>
        {apps.length === 0 ? (
          <p className="muted">
            No mini program is registered. Add one to <code>sandbox.config.json</code>.
          </p>
        ) : (
          <ul className="tiles">
            {apps.map((app) => (
              <li key={app.appId}>
                <button type="button" className="tile" onClick={() => onOpen(app)}>
                  <AppIcon icon={app.icon} />
                  <span>{app.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="settings-title">
        <h1 id="settings-title" className="section-title">
          {t.privacy}
        </h1>
        <button type="button" className="row-link" onClick={onShowAuthorizations}>
          <span>{t.authorizedMiniPrograms}</span>
          <Icon name="forward" size={18} />
        </button>
      </section>
    </div>
  );
}
