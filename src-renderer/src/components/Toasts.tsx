// Where toasts appear: bottom right, above everything, one polite live region so a screen
// reader hears each as it comes without losing its place.
import { useToasts } from '../stores/toast-store';
import { Icon } from './Icon';
import './Toasts.css';

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`}>
          <Icon name={t.tone === 'danger' ? 'warning' : t.tone === 'success' ? 'check' : 'info'} className="toast__icon" />
          <div className="toast__body">
            <p className="toast__title">{t.title}</p>
            {t.body && <p className="toast__text">{t.body}</p>}
          </div>
          {t.action && (
            <button
              type="button"
              className="button toast__action"
              onClick={() => {
                t.action?.onClick();
                dismiss(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
          <button type="button" className="button button--ghost toast__dismiss" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
            <Icon name="cross" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
