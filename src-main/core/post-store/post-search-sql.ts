// The SQL of a post search (PostRepo.search, docs/architecture.md §2 "Searching posts"): the
// filter as a WHERE over `p` (the same rule as postMatches in src-shared/posts/post-search.ts),
// and keyset pagination — a cursor is the last row's sort key and id, so the next page starts
// strictly after it whatever was added or changed before it, and a page costs the same at
// row 10 as at row 10,000 (no OFFSET).
import { AppError } from '../../../src-shared/errors';
import { statesWhere, isFinished } from '../../../src-shared/posts/post-actions';
import { foldedQuery, NO_TIME_KEY, POST_SORTS, type PostFilter, type PostSort } from '../../../src-shared/posts/post-search';

export interface SqlPart {
  where: string[];
  args: (string | number)[];
}

const FINISHED = statesWhere(isFinished);
const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * The filter's conditions on `p` (posts). `inCreatedOrder`: the page walks posts_created in
 * order, so the state and account terms are kept off their own indexes (SQLite's unary `+`):
 * otherwise it picks posts_state and sorts every matching post for each page.
 */
export function filterSql(f: PostFilter, inCreatedOrder = false): SqlPart {
  const col = (name: string): string => (inCreatedOrder ? `+p.${name}` : `p.${name}`);
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.states?.length) {
    where.push(`${col('state')} IN (${placeholders(f.states.length)})`);
    args.push(...f.states);
  }
  if (f.accountId !== undefined) {
    where.push(`${col('account_id')} = ?`);
    args.push(f.accountId);
  }
  const q = foldedQuery(f.query);
  if (q) {
    where.push('instr(clipdesk_fold(p.caption), ?) > 0');
    args.push(q);
  }
  if (f.dateField && (f.from !== undefined || f.to !== undefined)) {
    // Stored as toISOString() (UTC, fixed width), so normalised bounds compare as text.
    const column = f.dateField === 'scheduled' ? 'p.scheduled_at' : 'p.updated_at';
    if (f.dateField === 'ended') {
      where.push(`${col('state')} IN (${placeholders(FINISHED.length)})`);
      args.push(...FINISHED);
    } else where.push('p.scheduled_at IS NOT NULL');
    if (f.from !== undefined) {
      where.push(`${column} >= ?`);
      args.push(new Date(f.from).toISOString());
    }
    if (f.to !== undefined) {
      where.push(`${column} <= ?`);
      args.push(new Date(f.to).toISOString());
    }
  }
  return { where, args };
}

/** Each sort's key expression and direction; `newest`/`oldest` walk the posts_created index. */
const ORDER: Record<PostSort, { key: string; dir: 'ASC' | 'DESC' }> = {
  newest: { key: 'p.created_at', dir: 'DESC' },
  oldest: { key: 'p.created_at', dir: 'ASC' },
  soonest: { key: `COALESCE(p.scheduled_at, '${NO_TIME_KEY}')`, dir: 'ASC' },
};

export const inCreatedOrder = (sort: PostSort): boolean => sort !== 'soonest';

export function orderSql(sort: PostSort): string {
  const { key, dir } = ORDER[sort];
  return `ORDER BY ${key} ${dir}, p.id ${dir}`;
}

interface Cursor {
  s: PostSort;
  k: string;
  i: string;
}

/** Where the page after `cursor` starts: strictly after its row, in the sort's order. */
export function afterSql(cursor: Cursor): SqlPart {
  const { key, dir } = ORDER[cursor.s];
  return { where: [`(${key}, p.id) ${dir === 'DESC' ? '<' : '>'} (?, ?)`], args: [cursor.k, cursor.i] };
}

export function encodeCursor(sort: PostSort, key: string, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key, i: id } satisfies Cursor)).toString('base64url');
}

/** A cursor given back; one that is not ours, or is of another sort, is refused in words. */
export function decodeCursor(raw: string, sort: PostSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const c = parsed as Partial<Cursor> | null;
  if (!c || typeof c !== 'object' || typeof c.k !== 'string' || typeof c.i !== 'string' || !(POST_SORTS as readonly unknown[]).includes(c.s)) {
    throw new AppError('BAD_INPUT', 'That cursor is not one a search gave; start again without it.');
  }
  if (c.s !== sort) throw new AppError('BAD_INPUT', `That cursor belongs to a search sorted ${c.s}, not ${sort}; start again without it.`);
  return c as Cursor;
}
