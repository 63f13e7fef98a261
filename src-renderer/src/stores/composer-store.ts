// Which render the "Post to TikTok" composer is open for. The composer is mounted once, at the
// top of the window, so it is not lost when the list it was opened from re-renders.
import { create } from 'zustand';
import type { Render } from '../../../src-shared/media/library';

interface ComposerState {
  render: Render | null;
  open(render: Render): void;
  close(): void;
}

export const useComposer = create<ComposerState>((set) => ({
  render: null,
  open(render) {
    set({ render });
  },
  close() {
    set({ render: null });
  },
}));
