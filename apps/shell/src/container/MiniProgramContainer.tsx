import { useCallback, useRef, useState } from 'react';
import type { MiniProgramApp, Persona } from '@mp-sandbox/protocol';
import { enforceFirstScreen } from '../bridge/firstScreenRule';
import { getAuthCode, type ConsentRequest } from '../bridge/getAuthCode';
import { serialQueue } from '../bridge/serialQueue';
import { JsapiOverlay } from '../bridge/handlers/JsapiOverlay';
import { useJsapiHost } from '../bridge/handlers/useJsapiHost';
import { useBridgeHost } from '../bridge/useBridgeHost';
import { usePageReports } from '../bridge/usePageReports';
import { useThemeEvents } from '../bridge/useThemeEvents';
import { ConsentSheet } from '../consent/ConsentSheet';
import { Unreachable } from './Unreachable';
import { useReachable } from './useReachable';
import { fullName } from '../wallet/Avatar';
import { Icon } from '../wallet/icons';
import { useLanguageSettled, useMessages } from '../i18n/language';

interface ContainerProps {
  app: MiniProgramApp;
  persona: Persona;
  /** A page of the app to open instead of its `url` (a path, or a URL on the app's origin). */
  page?: string | undefined;
  /** ‹: the previous page or screen. */
  onBack: () => void;
  /** ✕: closes the mini program. */
  onClose: () => void;
  /** The app now shows this page (a URL on its origin): its own link, or its router, moved. */
  onPage?: (url: string) => void;
}

/** The page a deep link names, if it is on the app's origin; a link may not point the frame elsewhere. */
function entryPage(
  app: MiniProgramApp,
  page: string | undefined,
): { url: string; refused?: string } {
  if (!page) return { url: app.url };
  try {
    const url = new URL(page, app.url);
    if (url.origin === new URL(app.url).origin) return { url: url.toString() };
  } catch {
    // Not a URL: refused below.
  }
  return {
    url: app.url,
    refused: `The link's page "${page}" is not on ${app.name}'s origin (${new URL(app.url).origin}): opened its start page.`,
  };
}

interface PendingConsent extends ConsentRequest {
  decide: (decision: 'allow' | 'deny' | 'cancel') => void;
}

/** The mini-program container: title bar, the app in its own-origin iframe, and its consent sheets. */
export function MiniProgramContainer({
  app,
  persona,
  page,
  onBack,
  onClose,
  onPage,
}: ContainerProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [loaded, setLoaded] = useState(false);
  const [consent, setConsent] = useState<PendingConsent | undefined>();
  const [entry] = useState(() => entryPage(app, page));
  const [notice, setNotice] = useState<string | undefined>(entry.refused);
  const reachable = useReachable(app.url);
  const t = useMessages();
  // The frame is made once the wallet speaks the holder's language (a persona's own, or the
  // browser's, may still be loading): made before, it would load the app twice.
  const languageSettled = useLanguageSettled(persona.language);

  const askConsent = useCallback(
    (request: ConsentRequest, signal?: AbortSignal) =>
      new Promise<'allow' | 'deny' | 'cancel'>((resolve) => {
        const decide = (decision: 'allow' | 'deny' | 'cancel') => {
          signal?.removeEventListener('abort', onAbort);
          setConsent(undefined);
          resolve(decision);
        };
        // The caller gave up: its sheet closes, and the next one (if any) shows.
        const onAbort = () => decide('cancel');
        signal?.addEventListener('abort', onAbort, { once: true });
        setConsent({ ...request, decide });
      }),
    [],
  );
  // One getAuthCode at a time, in order: one sheet at a time, and none replaces another.
  const [authQueue] = useState(serialQueue);

  const jsapi = useJsapiHost(app, persona, entry.url);
  useThemeEvents(frame, app);
  usePageReports(frame, app, (url) => onPage?.(url));
  useBridgeHost(frame, app, {
    ...jsapi.handlers,
    getAuthCode: (params, signal, { firstScreen }) =>
      authQueue(async () => {
        // A refusal notice is about the request it refused: the next request starts clean.
        setNotice(undefined);
        await enforceFirstScreen(firstScreen, setNotice);
        return getAuthCode(app, persona, params, askConsent, setNotice, signal);
      }, signal),
  });

  return (
    <div className="container">
      <header className="title-bar">
        <button type="button" className="icon-button" aria-label={t.common.back} onClick={onBack}>
          <Icon name="back" />
        </button>
        <h1 className="title">{app.name}</h1>
        <button
          type="button"
          className="icon-button"
          aria-label={t.container.closeMiniProgram}
          onClick={onClose}
        >
          <Icon name="close" />
        </button>
      </header>
      {persona.status !== 'ACTIVE' && (
        // A frozen or inactive account still signs in here, as on the platform; QA must see whose it is.
        <p className="holder-status" role="note">
          {fullName(persona)}'s account is {persona.status}: merchants read status {persona.status}{' '}
          in the user info.
        </p>
      )}
      <div className="viewport">
        {notice && (
          <div className="notice" role="alert">
            <p>{notice}</p>
            <button
              type="button"
              className="icon-button"
              aria-label={t.common.dismiss}
              onClick={() => setNotice(undefined)}
            >
              <Icon name="close" size={16} />
            </button>
          </div>
        )}
        {reachable.state === 'unreachable' ? (
          <Unreachable app={app} onRetry={reachable.retry} />
        ) : (
          <>
            {!loaded && (
              <div className="loading" role="status">
                {t.container.opening(app.name)}
              </div>
            )}
            {reachable.state === 'reachable' && languageSettled && (
              // What a real container allows a mini program: scripts, its own origin's storage,
              // forms. No top navigation, no popups, no modal dialogs of its own (my.alert is the way).
              <iframe
                ref={frame}
                name="mini-program"
                title={app.name}
                src={jsapi.src}
                sandbox="allow-scripts allow-same-origin allow-forms"
                allow="clipboard-write"
                referrerPolicy="origin"
                onLoad={() => setLoaded(true)}
              />
            )}
          </>
        )}
        <JsapiOverlay ui={jsapi.ui} />
        {consent && (
          <ConsentSheet app={consent.app} scopes={consent.scopes} onDecide={consent.decide} />
        )}
      </div>
    </div>
  );
}
