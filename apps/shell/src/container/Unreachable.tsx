import type { MiniProgramApp } from '@mp-sandbox/protocol';

/** The page a developer sees when their mini program's server does not answer. */
export function Unreachable({ app, onRetry }: { app: MiniProgramApp; onRetry: () => void }) {
  const { origin } = new URL(app.url);
  return (
    <section className="unreachable" role="alert" aria-labelledby="unreachable-title">
      <h2 id="unreachable-title">{app.name} is not answering</h2>
      <p>
        Nothing answered at <code>{app.url}</code>.
      </p>
      <ul>
        <li>Is the mini program's dev server running, on that port?</li>
        <li>
          Is it registered with the same host name it serves on? <code>localhost</code> and{' '}
          <code>127.0.0.1</code> are different origins, and the bridge only hears{' '}
          <code>{origin}</code>.
        </li>
        <li>
          Change the URL in <code>sandbox.config.json</code>, or with{' '}
          <code>PATCH /sandbox/v1/apps/{app.appId}</code>.
        </li>
      </ul>
      <button type="button" className="primary" onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}
