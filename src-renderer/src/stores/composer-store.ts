// What the "Post to TikTok" composer is open for: one finished render (by id: the render itself
// is the renders store's one copy), or several videos to spread over posting slots. The composer
// is mounted once, at the top of the window, so it is not lost when the list it was opened from
// re-renders.
import { create } from 'zustand';
import type { PostableVideo } from '../lib/postable-videos';

interface ComposerState {
  renderId: string | null;
  /** Several videos at once: they are spread over daily posting slots. */
  batch: PostableVideo[] | null;
  open(renderId: string): void;
  openBatch(videos: PostableVideo[]): void;
  close(): void;
}

export const useComposer = create<ComposerState>((set) => ({
  renderId: null,
  batch: null,
  open(renderId) {
    set({ renderId, batch: null });
  },
  openBatch(videos) {
    set({ renderId: null, batch: videos });
  },
  close() {
    set({ renderId: null, batch: null });
  },
}));
