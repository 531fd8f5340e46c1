import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface SheetProps {
  /** The id of the sheet's heading, which names the dialog. */
  labelledBy: string;
  /** Closing without an answer: the backdrop, or Escape wherever focus is in the wallet. */
  onDismiss: () => void;
  /** What has focus when the sheet opens (a safe choice: never the one that shares data). */
  initialFocus: RefObject<HTMLElement | null>;
  className?: string;
  children: ReactNode;
}

/**
 * A bottom sheet inside the phone. It is modal as a real wallet's is: Tab and Shift+Tab cycle
 * inside it, Escape dismisses it from anywhere in the shell, and when it closes the focus goes back
 * to what had it before (the mini program's frame, or the button that opened the sheet), not to
 * the page body. The sheet never grows past the phone: its body scrolls instead.
 */
export function Sheet({ labelledBy, onDismiss, initialFocus, className, children }: SheetProps) {
  const dialog = useRef<HTMLElement>(null);
  const latestDismiss = useRef(onDismiss);
  latestDismiss.current = onDismiss;

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // preventScroll: focusing must not scroll the phone frame under the sheet.
    initialFocus.current?.focus({ preventScroll: true });

    // On the document, not the sheet: a click on the console or the sheet's text moves focus off it,
    // and Tab or Escape must still act on the sheet.
    function onKeyDown(event: KeyboardEvent) {
      const sheet = dialog.current;
      if (!sheet) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        latestDismiss.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const stops = [...sheet.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => el.offsetParent !== null,
      );
      if (stops.length === 0) return;
      const first = stops[0]!;
      const last = stops[stops.length - 1]!;
      const active = document.activeElement;
      const inside = active instanceof Node && sheet.contains(active);
      if (event.shiftKey && (!inside || active === first || active === sheet)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (!inside || active === last)) {
        event.preventDefault();
        first.focus();
      }
    }
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      if (before?.isConnected) before.focus({ preventScroll: true });
    };
  }, [initialFocus]);

  return (
    <div className="scrim" onClick={() => onDismiss()}>
      <section
        ref={dialog}
        className={`sheet${className ? ` ${className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        // Focusable by script and click only, so a click on the sheet's text keeps focus in it.
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
      >
        {children}
      </section>
    </div>
  );
}
