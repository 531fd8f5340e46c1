import { useCallback, useRef, useState } from 'react';
import type { MiniProgramApp, Persona } from '@mp-sandbox/protocol';
import { getAuthCode, type ConsentRequest } from '../bridge/getAuthCode';
import { useBridgeHost } from '../bridge/useBridgeHost';
import { ConsentSheet } from '../consent/ConsentSheet';

interface ContainerProps {
  app: MiniProgramApp;
  persona: Persona;
  onClose: () => void;
}

interface PendingConsent extends ConsentRequest {
  decide: (decision: 'allow' | 'deny') => void;
}

/** The mini-program container: title bar, the app in its own-origin iframe, and its consent sheets. */
export function MiniProgramContainer({ app, persona, onClose }: ContainerProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [loaded, setLoaded] = useState(false);
  const [consent, setConsent] = useState<PendingConsent | undefined>();

  const askConsent = useCallback(
    (request: ConsentRequest) =>
      new Promise<'allow' | 'deny'>((resolve) => {
        setConsent({
          ...request,
          decide: (decision) => {
            setConsent(undefined);
            resolve(decision);
          },
        });
      }),
    [],
  );

  useBridgeHost(frame, app, {
    getAuthCode: (params) => getAuthCode(app, persona, params, askConsent),
  });

  return (
    <div className="container">
      <header className="title-bar">
        <button type="button" className="icon-button" aria-label="Back" onClick={onClose}>‹</button>
        <h1 className="title">{app.name}</h1>
        <button type="button" className="icon-button" aria-label="Close mini program" onClick={onClose}>✕</button>
      </header>
      <div className="viewport">
        {!loaded && <div className="loading" role="status">Opening {app.name}…</div>}
        <iframe
          ref={frame}
          name="mini-program"
          title={app.name}
          src={app.url}
          sandbox="allow-scripts allow-same-origin allow-forms"
          onLoad={() => setLoaded(true)}
        />
        {consent && <ConsentSheet app={consent.app} scopes={consent.scopes} onDecide={consent.decide} />}
      </div>
    </div>
  );
}
