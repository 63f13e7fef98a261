// What the "Post to TikTok" composer is open for: one finished render, or several videos to
// spread over posting slots. The composer is mounted once, at the top of the window, so it is
// not lost when the list it was opened from re-renders.
import { create } from 'zustand';
import type { Render } from '../../../src-shared/media/library';
import type { PostableVideo } from '../lib/postable-videos';

interface ComposerState {
  render: Render | null;
  /** Several videos at once: they are spread over daily posting slots. */
  batch: PostableVideo[] | null;
  open(render: Render): void;
  openBatch(videos: PostableVideo[]): void;
  close(): void;
}

export const useComposer = create<ComposerState>((set) => ({
  render: null,
  batch: null,
  open(render) {
    set({ render, batch: null });
  },
  openBatch(videos) {
    set({ render: null, batch: videos });
  },
  close() {
    set({ render: null, batch: null });
  },
}));
