// Library: where clips come in (drop anywhere on it, or Import), the grid of everything
// imported, one clip's page (#/library/<id>) and the renders (#/library/renders). Until
// importing is built the section says so instead of offering a drop zone that does nothing.
import { useEffect, useLayoutEffect, type ReactNode } from 'react';
import { Alert } from '../components/Alert';
import { CapabilityNotes, CapabilityNotice, unbuilt } from '../components/CapabilityNotice';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { SectionPage } from '../components/SectionPage';
import { Segmented } from '../components/Segmented';
import { useApp } from '../stores/app-store';
import { CLIP_FILTERS, useLibrary, type ClipFilter } from '../stores/library-store';
import { navigateWithin, useNavigation } from '../stores/navigation-store';
import { selectActiveCount, useRenders } from '../stores/renders-store';
import { BatchBar } from './library/BatchBar';
import { ClipDetail } from './library/ClipDetail';
import { ClipGrid } from './library/ClipGrid';
import { DropZone } from './library/DropZone';
import { ImportButtons } from './library/ImportButtons';
import { RendersView } from './library/RendersView';
import './library/library.css';

const CAPABILITIES = ['library', 'render'] as const;
const RENDERS_VIEW = 'renders';
const FILTER_OPTIONS = (Object.keys(CLIP_FILTERS) as ClipFilter[]).map((value) => ({ value, label: CLIP_FILTERS[value].label }));

/** Where the grid was scrolled to, so coming back from a clip lands in the same place. */
let gridScrollTop = 0;

export function LibrarySection() {
  const capabilities = useApp((s) => s.capabilities);
  const libraryBuilt = capabilities !== null && unbuilt(capabilities, ['library']).length === 0;
  const renderBuilt = capabilities !== null && unbuilt(capabilities, ['render']).length === 0;

  if (!capabilities) return <SectionPage section="library">{null}</SectionPage>;
  if (!libraryBuilt) {
    return (
      <SectionPage section="library">
        <EmptyState icon="library" title="The library is not built yet">
          <CapabilityNotes ids={CAPABILITIES} />
        </EmptyState>
      </SectionPage>
    );
  }
  return <Library renderBuilt={renderBuilt} />;
}

function Library({ renderBuilt }: { renderBuilt: boolean }) {
  const sub = useNavigation((s) => s.sub);
  const view = sub === '' ? 'clips' : sub === RENDERS_VIEW ? 'renders' : 'clip';
  const importItems = useLibrary((s) => s.importItems);
  const libraryStatus = useLibrary((s) => s.status);
  const reload = useLibrary((s) => s.reload);
  const renderStatus = useRenders((s) => s.status);
  const loadRenders = useRenders((s) => s.load);
  const activeRenders = useRenders(selectActiveCount);

  useEffect(() => {
    if (libraryStatus === 'idle') void reload();
    if (renderBuilt && renderStatus === 'idle') void loadRenders();
  }, [libraryStatus, reload, renderBuilt, renderStatus, loadRenders]);

  useLayoutEffect(() => {
    const scroller = document.querySelector('.workspace__scroll');
    if (!scroller) return;
    if (view !== 'clips') {
      scroller.scrollTop = 0;
      return;
    }
    scroller.scrollTop = gridScrollTop;
    const remember = (): void => {
      gridScrollTop = scroller.scrollTop;
    };
    scroller.addEventListener('scroll', remember, { passive: true });
    return () => scroller.removeEventListener('scroll', remember);
  }, [view]);

  const take = (items: DataTransferItemList | File[]): void => {
    // The new cards are at the top of the grid; show it there.
    gridScrollTop = 0;
    // A search or filter could hide the newcomers; show everything.
    useLibrary.getState().showAll();
    if (view !== 'clips') navigateWithin('library', '');
    else document.querySelector('.workspace__scroll')?.scrollTo({ top: 0 });
    void importItems(items);
  };

  return (
    <DropZone onDrop={take}>
      <SectionPage section="library" actions={<ImportButtons onFiles={take} />}>
        {!renderBuilt && <CapabilityNotice ids={['render']} />}
        <nav className="view-tabs" aria-label="Library views">
          <ViewTab href="#/library" current={view === 'clips' || view === 'clip'}>
            Clips
          </ViewTab>
          <ViewTab href={`#/library/${RENDERS_VIEW}`} current={view === 'renders'}>
            Renders
            {activeRenders > 0 && <span className="view-tabs__count">{activeRenders}</span>}
          </ViewTab>
        </nav>
        {view === 'clips' && <ClipsView renderBuilt={renderBuilt} />}
        {view === 'renders' && <RendersView />}
        {view === 'clip' && <ClipDetail id={sub} renderBuilt={renderBuilt} />}
      </SectionPage>
    </DropZone>
  );
}

function ViewTab({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
  return (
    <a href={href} className={current ? 'view-tabs__tab is-current' : 'view-tabs__tab'} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

function ClipsView({ renderBuilt }: { renderBuilt: boolean }) {
  const query = useLibrary((s) => s.query);
  const filter = useLibrary((s) => s.filter);
  const total = useLibrary((s) => s.total);
  const status = useLibrary((s) => s.status);
  const error = useLibrary((s) => s.error);
  const pending = useLibrary((s) => s.pending.length);
  const selectedCount = useLibrary((s) => s.selected.size);
  const setQuery = useLibrary((s) => s.setQuery);
  const setFilter = useLibrary((s) => s.setFilter);
  const reload = useLibrary((s) => s.reload);
  const searching = query.trim() !== '' || filter !== 'all';
  const empty = status === 'ready' && total === 0 && pending === 0;

  return (
    <>
      <div className="library-toolbar">
        <div className="field library-search">
          <Icon name="search" className="field__icon" />
          <input type="search" className="input" aria-label="Search clips" placeholder="Search clips" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <Segmented legend="Show" name="clip-filter" options={FILTER_OPTIONS} value={filter} onChange={setFilter} />
        <p className="library-toolbar__count" aria-live="polite">
          {total === null ? '' : `${total.toLocaleString()} clip${total === 1 ? '' : 's'}`}
        </p>
      </div>
      {selectedCount > 0 && <BatchBar renderBuilt={renderBuilt} onStarted={() => navigateWithin('library', RENDERS_VIEW)} />}
      {error && (
        <Alert title="Could not load the library" action={{ label: 'Try again', onClick: () => void reload() }}>
          {error}
        </Alert>
      )}
      {empty && !error ? (
        searching ? (
          <EmptyState icon="search" title="No matching clips" compact>
            <p>{query.trim() ? `No clip’s name contains “${query.trim()}”.` : 'No clips in this group.'}</p>
          </EmptyState>
        ) : (
          <EmptyState icon="upload" title="No clips yet">
            <p>Drop videos or a folder anywhere here, or choose Import videos. Clipdesk reads each one and says whether it fits TikTok as it is.</p>
          </EmptyState>
        )
      ) : (
        <ClipGrid />
      )}
    </>
  );
}
