// Short notices that do not belong to one place on the page: "Already in your library",
// "Render finished". They announce themselves (a polite live region) and leave on their own.
import { create } from 'zustand';

export type ToastTone = 'info' | 'success' | 'danger';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body?: string;
  action?: { label: string; onClick: () => void };
}

interface ToastState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
}

const SHOW_MS: Record<ToastTone, number> = { info: 6_000, success: 6_000, danger: 12_000 };
/** More than this at once is noise; the oldest go first. */
const MAX_TOASTS = 4;
let nextId = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push(toast) {
    const id = nextId++;
    set({ toasts: [...get().toasts, { ...toast, id }].slice(-MAX_TOASTS) });
    setTimeout(() => get().dismiss(id), SHOW_MS[toast.tone]);
    return id;
  },
  dismiss(id) {
    if (get().toasts.some((t) => t.id === id)) set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const toast = (t: Omit<Toast, 'id'>): number => useToasts.getState().push(t);
