// Searching posts: what a search asks for (caption words, an account, states, a date range, a
// sort, a page size and a cursor), and the one rule of what matches — the core runs it in SQL
// (PostRepo.search), the renderer's stores run it on a live event to place a changed post in a
// filtered view (docs/architecture.md §2, "Searching posts"). Both fold text the same way
// (`foldText`), so "CAFÉ", "café" and "Café" match each other, and emoji and non-Latin scripts
// are plain substrings.
import { z } from 'zod';
import { POST_STATES, type PostState } from './lifecycle';
import { isFinished } from './post-actions';
import { HOLD_REASONS, PostSummarySchema, type PostSummary } from './post';

/** The most posts one page holds. */
export const POST_PAGE_MAX = 200;

/**
 * Which time a date range is on:
 * - `scheduled`: when the post goes (or went) out, `scheduledAt`; a post with no time never matches.
 *   The Queue's range.
 * - `ended`: when a finished post (published, failed, rejected, cancelled) reached that state,
 *   `updatedAt` (nothing changes a finished post but its next state); a post not finished never
 *   matches. History's range.
 */
export const POST_DATE_FIELDS = ['scheduled', 'ended'] as const;
export type PostDateField = (typeof POST_DATE_FIELDS)[number];

/**
 * The order of a search, each a total order ending on the id so a cursor is exact:
 * - `newest`: created, newest first (every list's order so far; the default).
 * - `oldest`: created, oldest first.
 * - `soonest`: by `scheduledAt`, soonest first; posts with no time last.
 */
export const POST_SORTS = ['newest', 'oldest', 'soonest'] as const;
export type PostSort = (typeof POST_SORTS)[number];

const IsoTime = z.iso.datetime({ offset: true });

const filterFields = {
  /** Words in the caption: a case-insensitive substring (folded with foldText); blank is no filter. */
  query: z.string().max(200).optional(),
  accountId: z.string().min(1).max(64).optional(),
  states: z.array(z.enum(POST_STATES)).min(1).max(20).optional(),
  /** Which time the range is on (required with from/to). */
  dateField: z.enum(POST_DATE_FIELDS).optional(),
  /** Inclusive bounds, ISO with an offset. */
  from: IsoTime.optional(),
  to: IsoTime.optional(),
};
const rangeNeedsField = (f: { from?: string; to?: string; dateField?: string }): boolean => (f.from === undefined && f.to === undefined) || f.dateField !== undefined;
const RANGE_NEEDS_FIELD = { message: 'A date range needs dateField: scheduled or ended.', path: ['dateField'] };

export const PostFilterSchema = z.object(filterFields).strict().refine(rangeNeedsField, RANGE_NEEDS_FIELD);
export type PostFilter = z.infer<typeof PostFilterSchema>;

export const PostSearchSchema = z
  .object({
    ...filterFields,
    sort: z.enum(POST_SORTS).optional(),
    limit: z.number().int().min(1).max(POST_PAGE_MAX).optional(),
    /** The `nextCursor` of the page before, with the same filter and sort; opaque. */
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict()
  .refine(rangeNeedsField, RANGE_NEEDS_FIELD);
export type PostSearch = z.infer<typeof PostSearchSchema>;

/**
 * Text as search compares it: Unicode-normalised (NFKC, so composed and decomposed accents and
 * full-width letters agree) and lower-cased by Unicode's rules, not only ASCII's as SQLite's
 * LIKE does. The core registers it with SQLite as `clipdesk_fold` (store/database.ts).
 */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The search's words as compared, or '' for none. */
export function foldedQuery(query: string | undefined): string {
  return foldText((query ?? '').trim());
}

/** Whether a post matches a filter: the same rule the core's SQL applies. */
export function postMatches(post: PostSummary, filter: PostFilter): boolean {
  if (filter.states && !filter.states.includes(post.state)) return false;
  if (filter.accountId !== undefined && post.accountId !== filter.accountId) return false;
  const q = foldedQuery(filter.query);
  if (q && !foldText(post.caption).includes(q)) return false;
  if (filter.dateField && (filter.from !== undefined || filter.to !== undefined)) {
    const at = dateOf(post, filter.dateField);
    if (at === null) return false;
    if (filter.from !== undefined && at < Date.parse(filter.from)) return false;
    if (filter.to !== undefined && at > Date.parse(filter.to)) return false;
  }
  return true;
}

/** The time a date range is on, for this post (null: no range on that field matches it). */
export function dateOf(post: Pick<PostSummary, 'state' | 'scheduledAt' | 'updatedAt'>, field: PostDateField): number | null {
  if (field === 'scheduled') return post.scheduledAt ? Date.parse(post.scheduledAt) : null;
  return isFinished(post.state as PostState) ? Date.parse(post.updatedAt) : null;
}

/** A post with no time sorts after every time in `soonest` (ISO times start with a digit). */
export const NO_TIME_KEY = '~';

/** The value a sort orders by (then the id). */
export function sortKey(post: Pick<PostSummary, 'createdAt' | 'scheduledAt'>, sort: PostSort): string {
  return sort === 'soonest' ? (post.scheduledAt ?? NO_TIME_KEY) : post.createdAt;
}

/** The search's order, as a comparator: negative when `a` comes first. */
export function comparePosts(sort: PostSort): (a: PostSummary, b: PostSummary) => number {
  const dir = sort === 'newest' ? -1 : 1;
  return (a, b) => {
    const ka = sortKey(a, sort);
    const kb = sortKey(b, sort);
    if (ka !== kb) return ka < kb ? -dir : dir;
    return a.id === b.id ? 0 : a.id < b.id ? -dir : dir;
  };
}

export const PostPageSchema = z.object({
  posts: z.array(PostSummarySchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

/**
 * How many posts match a filter (posts.count), and how many of those are held and why — the
 * one count a caller needs without paging through them (`clipdesk pause` tells how many wait and
 * how many are due; a view's count after a change it could not place).
 */
export const PostCountSchema = z.object({
  total: z.number().int(),
  /** Of `total`, those held for each reason (every reason present, 0 when none). */
  held: z.record(z.enum(HOLD_REASONS), z.number().int()),
});
export type PostCount = z.infer<typeof PostCountSchema>;
