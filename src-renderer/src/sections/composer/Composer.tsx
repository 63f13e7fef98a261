// "Post to TikTok", mounted once in App: the single-post composer for the render it was opened
// for, or the batch composer for several videos. The two share the account, the TikTok fields and
// TikTok's rules (use-composer-form.ts, TikTokFields.tsx, ComposerFrame.tsx); they differ in the
// video(s), the caption(s) and the time(s).
import { useComposer } from '../../stores/composer-store';
import { useRenders } from '../../stores/renders-store';
import { BatchComposer } from './BatchComposer';
import { SinglePostComposer } from './SinglePostComposer';

export function ComposerHost() {
  const renderId = useComposer((s) => s.renderId);
  const render = useRenders((s) => (renderId ? s.byId[renderId] : undefined));
  const batch = useComposer((s) => s.batch);
  const close = useComposer((s) => s.close);
  if (render) return <SinglePostComposer key={render.id} render={render} onClose={close} />;
  if (batch?.length) return <BatchComposer key={batch.map((v) => v.renderId ?? v.clipId).join()} batch={batch} onClose={close} />;
  return null;
}
