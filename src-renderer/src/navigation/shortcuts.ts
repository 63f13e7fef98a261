// Keyboard shortcuts for switching sections: Ctrl+1..7, or Cmd+1..7 on a Mac. Matched on
// KeyboardEvent.code so they work on layouts where the digit row needs Shift (AZERTY).
import { SECTIONS, type SectionId } from './sections';

const APPLE = /Mac|iPhone|iPad/i.test(navigator.userAgent);

/** The modifier as a person would read it on this machine. */
export const MOD_LABEL = APPLE ? '⌘' : 'Ctrl+';

export function sectionShortcutLabel(index: number): string {
  return `${MOD_LABEL}${index + 1}`;
}

export interface SectionShortcut {
  section: SectionId;
  keys: string;
}

export const SECTION_SHORTCUTS: readonly SectionShortcut[] = SECTIONS.map((s, i) => ({
  section: s.id,
  keys: sectionShortcutLabel(i),
}));

/** The section a key press asks for, or null if it is not one of our shortcuts. */
export function sectionForKey(event: KeyboardEvent): SectionId | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (!m) return null;
  return SECTIONS[Number(m[1]) - 1]?.id ?? null;
}
