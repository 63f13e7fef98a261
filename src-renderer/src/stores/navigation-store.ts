// Which section is showing. The URL hash is the source of truth so a reload, the back button
// and a pasted link all land on the same section; the store only mirrors it for React.
import { create } from 'zustand';
import { DEFAULT_SECTION, sectionFromHash, sectionHref, subPathFromHash, type SectionId } from '../navigation/sections';
import { sectionForKey } from '../navigation/shortcuts';

interface NavigationState {
  current: SectionId;
  /** What follows the section in the hash: `#/library/<clip id>` → '<clip id>'; '' for none. */
  sub: string;
}

export const useNavigation = create<NavigationState>(() => ({
  current: sectionFromHash(location.hash) ?? DEFAULT_SECTION,
  sub: subPathFromHash(location.hash),
}));

export function navigate(id: SectionId): void {
  if (location.hash !== sectionHref(id)) location.hash = sectionHref(id);
}

/** A place inside a section: `navigateWithin('library', id)` → `#/library/<id>`. */
export function navigateWithin(id: SectionId, sub: string): void {
  const href = sub ? `${sectionHref(id)}/${encodeURIComponent(sub)}` : sectionHref(id);
  if (location.hash !== href) location.hash = href;
}

/** Follows the hash and the section shortcuts; call once at start-up. */
export function startNavigation(): void {
  // An empty or unknown hash is rewritten in place, not pushed, so Back does not bounce.
  if (sectionFromHash(location.hash) === null) history.replaceState(null, '', sectionHref(DEFAULT_SECTION));
  window.addEventListener('hashchange', () => {
    const id = sectionFromHash(location.hash);
    if (id) useNavigation.setState({ current: id, sub: subPathFromHash(location.hash) });
    else history.replaceState(null, '', sectionHref(useNavigation.getState().current));
  });
  window.addEventListener('keydown', (event) => {
    const id = sectionForKey(event);
    if (!id) return;
    // While a dialog is open the keys are its own: the section behind it does not change.
    if (document.querySelector('dialog[open]')) return;
    // Claim the key so a browser tab switch (web mode) does not also happen where it can.
    event.preventDefault();
    navigate(id);
  });
}
