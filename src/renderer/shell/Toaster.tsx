import { useAtomValue, useSetAtom } from 'jotai';
import { useCallback, useEffect } from 'react';
import { type Toast, toastsAtom } from '../state/atoms';

const TOAST_MS = 6000;

function ToastItem({ toast }: { toast: Toast }) {
  const setToasts = useSetAtom(toastsAtom);
  const dismiss = useCallback(
    () => setToasts((all) => all.filter((other) => other.id !== toast.id)),
    [setToasts, toast.id],
  );
  useEffect(() => {
    const timer = setTimeout(dismiss, TOAST_MS);
    return () => clearTimeout(timer);
  }, [dismiss]);
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <span>{toast.text}</span>
      <button type="button" className="icon" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}

/** Brief notices in a corner (a payment arrived, a payment failed); each goes after a few seconds. */
export function Toaster() {
  const toasts = useAtomValue(toastsAtom);
  return (
    <section className="toaster" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </section>
  );
}
