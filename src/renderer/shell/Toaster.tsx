import { useAtomValue, useSetAtom } from 'jotai';
import { useCallback, useEffect } from 'react';
import { Isolated } from '../components/Isolated';
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
      {/* A name or note quoted in a toast is isolated (`isolate`) and drawn as a <bdi>. */}
      <span title={toast.text}>
        <Isolated text={toast.text} />
      </span>
      <button type="button" className="icon" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}

/**
 * Brief notices (a payment arrived, a payment failed), each gone after a few seconds: at the top
 * right of the open chat's messages, never over its composer or another column (styles.css).
 */
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
