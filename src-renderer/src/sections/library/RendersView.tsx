// Library → Renders: every render, the running and waiting ones first, then the finished.
import { Alert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { isActive, selectRenders, useRenders } from '../../stores/renders-store';
import { RenderList } from './RenderList';

export function RendersView() {
  const renders = useRenders(selectRenders);
  const status = useRenders((s) => s.status);
  const error = useRenders((s) => s.error);
  const load = useRenders((s) => s.load);
  const active = renders.filter(isActive);
  const finished = renders.filter((r) => !isActive(r));
  return (
    <>
      {error && (
        <Alert title="Could not load renders" action={{ label: 'Try again', onClick: () => void load() }}>
          {error}
        </Alert>
      )}
      {status === 'ready' && renders.length === 0 && !error && (
        <EmptyState icon="render" title="No renders yet" compact>
          <p>Open a clip and choose Render, or select several clips and render them together.</p>
        </EmptyState>
      )}
      {active.length > 0 && (
        <section className="renders-group" aria-labelledby="renders-active">
          <h2 id="renders-active" className="editor-heading">
            In progress · {active.length}
          </h2>
          <RenderList renders={active} label="Renders in progress" />
        </section>
      )}
      {finished.length > 0 && (
        <section className="renders-group" aria-labelledby="renders-finished">
          <h2 id="renders-finished" className="editor-heading">
            Finished
          </h2>
          <RenderList renders={finished} label="Finished renders" />
        </section>
      )}
    </>
  );
}
