// Library: imported clips and their renders. Until importing is built there is nothing to
// list, and the section says so instead of offering a drop zone that would do nothing.
import { CapabilityNotes, unbuilt } from '../components/CapabilityNotice';
import { EmptyState } from '../components/EmptyState';
import { SectionPage } from '../components/SectionPage';
import { useApp } from '../stores/app-store';

const CAPABILITIES = ['library', 'render'] as const;

export function LibrarySection() {
  const capabilities = useApp((s) => s.capabilities);
  const notBuilt = unbuilt(capabilities, CAPABILITIES).length > 0;
  return (
    <SectionPage section="library">
      {capabilities &&
        (notBuilt ? (
          <EmptyState icon="library" title="The library is not built yet">
            <CapabilityNotes ids={CAPABILITIES} />
          </EmptyState>
        ) : (
          <EmptyState icon="library" title="No clips yet">
            <p>Clips you import appear here.</p>
          </EmptyState>
        ))}
    </SectionPage>
  );
}
