// The sections of the app, in the order of the creator's journey (docs/architecture.md §8) and
// of the sidebar. Shortcuts are Ctrl/Cmd + position, so the order here is also the keyboard
// map.
import type { CapabilityId } from '../../../src-shared/domain';

export interface SectionSpec {
  id: SectionId;
  title: string;
  /** One line under the heading: what this section is for. */
  lede: string;
  /** Capabilities whose notes this section shows while they are not built. */
  capabilities: readonly CapabilityId[];
}

export const SECTION_IDS = ['library', 'queue', 'approvals', 'history', 'accounts', 'settings', 'activity'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTIONS: readonly SectionSpec[] = [
  {
    id: 'library',
    title: 'Library',
    lede: 'Your imported clips and their renders.',
    capabilities: ['library', 'render'],
  },
  {
    id: 'queue',
    title: 'Queue',
    lede: 'Posts on their way to TikTok, from draft to scheduled.',
    capabilities: ['schedule'],
  },
  {
    id: 'approvals',
    title: 'Approvals',
    lede: 'Posts waiting for your go-ahead, here or from Telegram.',
    capabilities: ['approvals', 'telegram'],
  },
  {
    id: 'history',
    title: 'History',
    lede: 'Posts that were published, failed, rejected or cancelled.',
    capabilities: ['history'],
  },
  {
    id: 'accounts',
    title: 'Accounts',
    lede: 'The TikTok accounts Clipdesk publishes to.',
    capabilities: ['tiktok'],
  },
  {
    id: 'settings',
    title: 'Settings',
    lede: 'Where your data lives, publishing, your TikTok app, rendering, secrets and diagnostics.',
    capabilities: [],
  },
  {
    id: 'activity',
    title: 'Activity',
    lede: 'Everything that changed, newest first.',
    capabilities: [],
  },
];

export const DEFAULT_SECTION: SectionId = 'library';

export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value);
}

export function sectionSpec(id: SectionId): SectionSpec {
  return SECTIONS.find((s) => s.id === id) as SectionSpec;
}

/** `#/library` → 'library'; anything else → null. */
export function sectionFromHash(hash: string): SectionId | null {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isSectionId(id) ? id : null;
}

/** `#/library/abc` → 'abc'; `#/library` → ''. */
export function subPathFromHash(hash: string): string {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const rest = path.split('/').slice(1).join('/');
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

export function sectionHref(id: SectionId): string {
  return `#/${id}`;
}
