import type { MiniProgramApp, Persona } from '@mp-sandbox/protocol';
import { AppIcon } from './AppIcon';

interface HomeProps {
  apps: MiniProgramApp[];
  persona: Persona;
  onOpen: (app: MiniProgramApp) => void;
}

/** The wallet's home screen: who is signed in, and the mini programs to open. */
export function Home({ apps, persona, onOpen }: HomeProps) {
  return (
    <div className="home">
      <header className="home-header">
        <img className="avatar" src={`/platform/sandbox/v1/avatars/${encodeURIComponent(persona.id)}.svg`} alt="" />
        <div>
          <p className="muted">Signed in as</p>
          <p className="persona-name">{persona.firstName} {persona.lastName}</p>
        </div>
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
    </div>
  );
}
