import { useEffect, useMemo, useRef, useState } from 'react';
import type {
  AlertParams,
  ConfirmParams,
  ConfirmResult,
  EmptyResult,
  ShowLoadingParams,
  ShowToastParams,
  ToastType,
} from '@mp-sandbox/protocol';

/** An alert or confirm waiting for the user. Dialogs queue: one shows at a time, in call order. */
export interface DialogRequest {
  id: number;
  kind: 'alert' | 'confirm';
  title?: string;
  content?: string;
  /** The app's button texts; the wallet's own words in its language (OK, Cancel) when it gives none. */
  confirmText?: string | undefined;
  /** Only a confirm has a cancel button. */
  cancelText?: string | undefined;
  confirmColor?: string;
  cancelColor?: string;
  answer(confirmed: boolean): void;
}

export interface ToastView {
  id: number;
  content: string;
  type: ToastType;
}

export interface LoadingView {
  content: string;
}

/** What the overlay draws, and the JSAPI handlers that change it. */
export interface JsapiUi {
  dialog?: DialogRequest;
  toast?: ToastView;
  loading?: LoadingView;
  alert(params: AlertParams): Promise<EmptyResult>;
  confirm(params: ConfirmParams): Promise<ConfirmResult>;
  showToast(params: ShowToastParams): Promise<EmptyResult>;
  showLoading(params: ShowLoadingParams): Promise<EmptyResult>;
  hideLoading(): Promise<EmptyResult>;
}

/** The platform's default toast duration. */
export const TOAST_MS = 3000;

interface ShowingToast {
  id: number;
  timer: ReturnType<typeof setTimeout>;
  done(): void;
}

/**
 * The state behind the shell's drawing of `my.alert`, `my.confirm`, `my.showToast` and
 * `my.showLoading`. A new toast replaces the one showing (whose `success` then runs, as it is
 * gone); a loading indicator with a delay that is hidden before the delay never shows.
 */
export function useJsapiUi(): JsapiUi {
  const [dialogs, setDialogs] = useState<DialogRequest[]>([]);
  const [toast, setToast] = useState<ToastView>();
  const [loading, setLoading] = useState<LoadingView>();
  const showing = useRef<ShowingToast | undefined>(undefined);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const nextId = useRef(0);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
      if (showing.current) clearTimeout(showing.current.timer);
    };
  }, []);

  const actions = useMemo(() => {
    const after = (ms: number, run: () => void) => {
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        run();
      }, ms);
      timers.current.add(timer);
      return timer;
    };

    const ask = (request: Omit<DialogRequest, 'id' | 'answer'>) =>
      new Promise<boolean>((resolve) => {
        const id = ++nextId.current;
        const answer = (confirmed: boolean) => {
          setDialogs((queue) => queue.filter((d) => d.id !== id));
          resolve(confirmed);
        };
        setDialogs((queue) => [...queue, { ...request, id, answer }]);
      });

    const endToast = () => {
      const current = showing.current;
      if (!current) return;
      clearTimeout(current.timer);
      showing.current = undefined;
      setToast(undefined);
      current.done();
    };

    let loadingDelay: ReturnType<typeof setTimeout> | undefined;

    return {
      alert: async (p: AlertParams) => {
        await ask({
          kind: 'alert',
          title: p.title,
          content: p.content,
          confirmText: p.buttonText || undefined,
          confirmColor: p.confirmColor,
        });
        return {};
      },
      confirm: async (p: ConfirmParams) => ({
        confirm: await ask({
          kind: 'confirm',
          title: p.title,
          content: p.content,
          confirmText: p.confirmButtonText || undefined,
          cancelText: p.cancelButtonText || undefined,
          confirmColor: p.confirmColor,
          cancelColor: p.cancelColor,
        }),
      }),
      showToast: (p: ShowToastParams) =>
        new Promise<EmptyResult>((resolve) => {
          const show = () => {
            endToast();
            const id = ++nextId.current;
            const timer = setTimeout(endToast, p.duration ?? TOAST_MS);
            showing.current = { id, timer, done: () => resolve({}) };
            setToast({ id, content: p.content ?? '', type: p.type ?? 'none' });
          };
          if (p.delay) after(p.delay, show);
          else show();
        }),
      showLoading: async (p: ShowLoadingParams) => {
        if (loadingDelay) clearTimeout(loadingDelay);
        const view = { content: p.content ?? '' };
        if (p.delay) loadingDelay = after(p.delay, () => setLoading(view));
        else setLoading(view);
        return {};
      },
      hideLoading: async () => {
        if (loadingDelay) clearTimeout(loadingDelay);
        loadingDelay = undefined;
        setLoading(undefined);
        return {};
      },
    };
  }, []);

  return { ...actions, dialog: dialogs[0], toast, loading };
}
