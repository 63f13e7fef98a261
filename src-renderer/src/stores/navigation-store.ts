// Which section is showing. The URL hash is the source of truth so a reload, the back button
// and a pasted link all land on the same section; the store only mirrors it for React.
import { create } from 'zustand';
import { DEFAULT_SECTION, sectionFromHash, sectionHref, type SectionId } from '../navigation/sections';
import { sectionForKey } from '../navigation/shortcuts';

interface NavigationState {
  current: SectionId;
}

export const useNavigation = create<NavigationState>(() => ({
  current: sectionFromHash(location.hash) ?? DEFAULT_SECTION,
}));

export function navigate(id: SectionId): void {
  if (location.hash !== sectionHref(id)) location.hash = sectionHref(id);
}

/** Follows the hash and the section shortcuts; call once at start-up. */
export function startNavigation(): void {
  // An empty or unknown hash is rewritten in place, not pushed, so Back does not bounce.
  if (sectionFromHash(location.hash) === null) history.replaceState(null, '', sectionHref(DEFAULT_SECTION));
  window.addEventListener('hashchange', () => {
    const id = sectionFromHash(location.hash);
    if (id) useNavigation.setState({ current: id });
    else history.replaceState(null, '', sectionHref(useNavigation.getState().current));
  });
  window.addEventListener('keydown', (event) => {
    const id = sectionForKey(event);
    if (!id) return;
    // Claim the key so a browser tab switch (web mode) does not also happen where it can.
    event.preventDefault();
    navigate(id);
  });
}
