// Says plainly which parts of a section are not built in this version, in the core's own
// words (app.capabilities). Nothing is shown for capabilities that are built.
import type { ReactNode } from 'react';
import type { Capability, CapabilityId } from '../../../src-shared/domain';
import { useApp } from '../stores/app-store';
import { Icon } from './Icon';
import './CapabilityNotice.css';

export function unbuilt(capabilities: readonly Capability[] | null, ids: readonly CapabilityId[]): Capability[] {
  return (capabilities ?? []).filter((c) => ids.includes(c.id) && !c.built);
}

export function CapabilityNotice({ ids }: { ids: readonly CapabilityId[] }) {
  const capabilities = useApp((s) => s.capabilities);
  const missing = unbuilt(capabilities, ids);
  if (missing.length === 0) return null;
  return (
    <section className="notice" aria-label="Not built yet">
      <Icon name="info" className="notice__icon" />
      <div className="notice__body">
        <p className="notice__title">Not built yet in this version</p>
        <ul className="notice__list">
          {missing.map((c) => (
            <li key={c.id}>{c.note}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** The notes alone, for an empty state that is entirely about something not built. */
export function CapabilityNotes({ ids }: { ids: readonly CapabilityId[] }) {
  const capabilities = useApp((s) => s.capabilities);
  return (
    <>
      {unbuilt(capabilities, ids).map((c) => (
        <p key={c.id}>{c.note}</p>
      ))}
    </>
  );
}

/**
 * `children` once the core says these capabilities are built; their notes (muted) while one
 * is not; nothing until the capabilities are known. One rule for every gated panel.
 */
export function WhenBuilt({ ids, children }: { ids: readonly CapabilityId[]; children: ReactNode }) {
  const capabilities = useApp((s) => s.capabilities);
  if (!capabilities) return null;
  if (unbuilt(capabilities, ids).length > 0) {
    return (
      <div className="muted">
        <CapabilityNotes ids={ids} />
      </div>
    );
  }
  return <>{children}</>;
}
