// A modal dialog on the native <dialog>: showModal() makes the rest of the window inert (so
// focus stays inside), Esc closes it, and it is labelled by its heading. Mount it to open it;
// unmounting closes it and gives focus back to where it was. `data-autofocus` marks the
// control that takes the focus first.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './Icon';
import './Dialog.css';

interface DialogProps {
  title: string;
  /** A line under the title. */
  subtitle?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Sticks to the bottom: the dialog's buttons. */
  footer?: ReactNode;
  size?: 'small' | 'large';
  /** Names the role for assistive tech: an alertdialog asks for a decision (a confirm). */
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
}

export function Dialog({ title, subtitle, onClose, children, footer, size = 'small', role = 'dialog', describedBy }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first control (the Close button); a dialog may name a better one.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // Back to the button that opened it, if it is still there.
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(e) => {
        // Esc: the owner decides (it unmounts the dialog); the browser must not close it behind React's back.
        e.preventDefault();
        // React passes the event on to dialogs around this one (a confirm inside the composer): only the top one closes.
        e.stopPropagation();
        if (e.target === e.currentTarget) close.current();
      }}
    >
      <header className="dialog__header">
        <div className="dialog__heading">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          {subtitle && <p className="dialog__subtitle">{subtitle}</p>}
        </div>
        <button type="button" className="button button--ghost dialog__close" aria-label="Close" onClick={() => close.current()}>
          <Icon name="cross" size={15} />
        </button>
      </header>
      <div className="dialog__body">{children}</div>
      {footer && <footer className="dialog__footer">{footer}</footer>}
    </dialog>
  );
}

interface ConfirmDialogProps {
  title: string;
  /** What will happen, plainly: what is lost and what is not. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A yes/no for a destructive action; the safe choice has the focus. */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel = 'Keep it', busy, onConfirm, onCancel }: ConfirmDialogProps) {
  const bodyId = useId();
  return (
    <Dialog
      title={title}
      role="alertdialog"
      describedBy={bodyId}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} data-autofocus>
            {cancelLabel}
          </button>
          <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {confirmLabel}
          </button>
        </>
      }
    >
      <div id={bodyId} className="dialog__text">
        {children}
      </div>
    </Dialog>
  );
}
