import type { MiniProgramApp, Persona } from '@mp-sandbox/protocol';
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
  return (
    <div className="home">
      <header className="home-header">
        <Avatar persona={persona} />
        <div className="who">
          <p className="muted">Signed in as</p>
          <p className="persona-name">{fullName(persona)}</p>
          <p className="muted">{persona.mobilePhone ?? 'no phone number'}{persona.status !== 'ACTIVE' && ` · ${persona.status}`}</p>
        </div>
        <button type="button" className="chip" onClick={onSwitchPersona}>Switch user</button>
      </header>
      <section className="balance" aria-label="Balance">
        <p className="muted">Balance</p>
        <p className="amount">$ 1,284.50</p>
      </section>
      <section aria-labelledby="mini-programs-title">
        <h1 id="mini-programs-title" className="section-title">Mini programs</h1>
        {apps.length === 0 ? (
          <p className="muted">No mini program is registered. Add one to <code>sandbox.config.json</code>.</p>
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
        <h1 id="settings-title" className="section-title">Privacy</h1>
        <button type="button" className="row-link" onClick={onShowAuthorizations}>
          <span>Authorized mini programs</span>
          <Icon name="forward" size={18} />
        </button>
      </section>
    </div>
  );
}
