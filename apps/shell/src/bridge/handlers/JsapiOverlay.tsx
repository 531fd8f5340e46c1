import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { ToastType } from '@mp-sandbox/protocol';
import { useMessages } from '../../i18n/language';
import { Icon, type IconName } from '../../wallet/icons';
import type { DialogRequest, JsapiUi } from './useJsapiUi';
import './overlay.css';

/** A colour the mini program gave, used only when it is a hex colour (nothing else reaches CSS). */
function hexColour(value: string | undefined): string | undefined {
  return value && /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value) ? value : undefined;
}

/** The wallet's SVG icons, like the rest of the shell: text glyphs depend on the machine's fonts. */
const TOAST_ICONS: Record<ToastType, IconName | undefined> = {
  none: undefined,
  success: 'check',
  fail: 'close',
  exception: 'exclamation',
  loading: undefined,
};

/**
 * `my.alert` / `my.confirm`: a modal alertdialog over the mini program. The confirming button takes
 * the focus; Escape cancels a confirm and dismisses an alert; Tab stays among the buttons. The
 * focus goes back where it was (the mini program's frame) when the dialog closes.
 */
function Dialog({ request }: { request: DialogRequest }) {
  const titleId = useId();
  const contentId = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const t = useMessages().dialogs;
  const confirmText = request.confirmText || t.ok;
  const cancelText = request.kind === 'confirm' ? request.cancelText || t.cancel : undefined;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    // preventScroll: focusing must not scroll the phone frame under the dialog.
    confirm.current?.focus({ preventScroll: true });
    return () => before?.focus?.({ preventScroll: true });
  }, [request.id]);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      request.answer(request.kind === 'alert');
    } else if (event.key === 'Tab' && cancel.current) {
      event.preventDefault();
      (document.activeElement === confirm.current ? cancel.current : confirm.current)?.focus();
    } else if (event.key === 'Tab') {
      event.preventDefault();
    }
  }

  const named = request.title
    ? { 'aria-labelledby': titleId }
    : { 'aria-label': request.kind === 'alert' ? t.alert : t.confirm };
  return (
    <div className="jsapi-scrim">
      <section
        className="jsapi-dialog"
        role="alertdialog"
        aria-modal="true"
        {...named}
        {...(request.content && { 'aria-describedby': contentId })}
        onKeyDown={onKeyDown}
      >
        <div className="jsapi-dialog-body">
          {request.title && <h2 id={titleId}>{request.title}</h2>}
          {request.content && <p id={contentId}>{request.content}</p>}
        </div>
        <div className={`jsapi-dialog-actions${cancelText ? ' two' : ''}`}>
          {cancelText && (
            <button
              type="button"
              ref={cancel}
              style={{ color: hexColour(request.cancelColor) }}
              onClick={() => request.answer(false)}
            >
              {cancelText}
            </button>
          )}
          <button
            type="button"
            ref={confirm}
            className="confirm"
            style={{ color: hexColour(request.confirmColor) }}
            onClick={() => request.answer(true)}
          >
            {confirmText}
          </button>
        </div>
      </section>
    </div>
  );
}

/**
 * What the shell draws over the mini program for its UI JSAPIs, inside the phone frame. The two
 * status regions are always there (empty when idle), so screen readers announce what appears.
 */
export function JsapiOverlay({ ui }: { ui: JsapiUi }) {
  const icon = ui.toast && TOAST_ICONS[ui.toast.type];
  const t = useMessages().dialogs;
  return (
    <div className="jsapi-layer">
      <div className="jsapi-center" role="status" aria-label={t.toast}>
        {ui.toast && (
          <div
            className={`jsapi-toast${icon || ui.toast.type === 'loading' ? ' with-icon' : ''}`}
            key={ui.toast.id}
          >
            {ui.toast.type === 'loading' ? (
              <span className="jsapi-spinner" aria-hidden="true" />
            ) : (
              icon && (
                <span className="jsapi-toast-icon" aria-hidden="true" data-icon={icon}>
                  <Icon name={icon} size={20} />
                </span>
              )
            )}
            {ui.toast.content && <p>{ui.toast.content}</p>}
          </div>
        )}
      </div>
      <div className="jsapi-center" role="status" aria-label={t.loading}>
        {ui.loading && (
          <div className="jsapi-loading">
            <span className="jsapi-spinner" aria-hidden="true" />
            <p className={ui.loading.content ? undefined : 'jsapi-visually-hidden'}>
              {ui.loading.content || t.loadingText}
            </p>
          </div>
        )}
      </div>
      {ui.dialog && <Dialog request={ui.dialog} key={ui.dialog.id} />}
    </div>
  );
}
