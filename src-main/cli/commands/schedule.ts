// The schedule from the terminal: `clipdesk posts list | show ID | settle ID`, `clipdesk pause |
// resume` and `clipdesk export OUT.zip [--media]`. With Clipdesk running, it carries them out (so its
// scheduler sees a pause at once); with none, the data folder is opened for the command.
import path from 'node:path';
import { formatBytes } from '../../../src-shared/media/readiness';
import { POST_STATES, type PostState } from '../../../src-shared/posts/lifecycle';
import { isApprovalHeld, isHeldMissed } from '../../../src-shared/posts/missed-post';
import { isWaiting } from '../../../src-shared/posts/post-actions';
import type { TimelineStep } from '../../../src-shared/posts/timeline';
import type { PostSummary } from '../../../src-shared/posts/post';
import { canSettle, settleFacts, tiktokProfileUrl } from '../../../src-shared/posts/settle';
import type { CommandInput } from '../../../src-shared/contract';
import { POST_DATE_FIELDS, POST_PAGE_MAX, POST_SORTS, type PostDateField, type PostSort } from '../../../src-shared/posts/post-search';
import { CliError } from '../cli-error';
import { resolveAccount } from '../account-arg';
import { openApiSession } from '../api-session';

type Values = Record<string, string | boolean | undefined>;

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-12-01 18:00 +01:00": the local zone, with the date, readable and unambiguous. */
export function localTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const offset = -d.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zone}`;
}

const STATE_WORDS: Record<PostState, string> = {
  ready: 'ready',
  awaiting_approval: 'waiting for approval',
  scheduled: 'scheduled',
  uploading: 'uploading',
  processing: 'TikTok processing',
  published: 'published',
  rejected: 'rejected',
  failed: 'FAILED',
  cancelled: 'cancelled',
};

export function stateWords(post: PostSummary): string {
  if (isHeldMissed(post)) return 'HELD (missed its time)';
  if (isApprovalHeld(post)) return 'HELD (no approval in time)';
  return STATE_WORDS[post.state];
}

/** Why a post is held or failed, in the core's words; null when nothing is wrong. */
export function reasonOf(post: PostSummary): string | null {
  if (isHeldMissed(post)) return post.publish?.detail ?? null;
  if (post.state === 'failed') return post.publish?.failure?.message ?? post.publish?.detail ?? 'It failed, and no reason was recorded.';
  return null;
}

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The time that matters for a post: when it goes while it waits, else when it last moved. */
function timeOf(post: PostSummary): string {
  return isWaiting(post.state) && post.scheduledAt ? localTime(post.scheduledAt) : localTime(post.updatedAt);
}

export function postLine(post: PostSummary): string {
  const caption = post.caption ? `"${cut(post.caption, 40)}"` : '(no caption)';
  const line = `${post.id}  ${stateWords(post)}  ${timeOf(post)}  ${post.accountName ?? '(no account)'}  ${caption}`;
  const reason = reasonOf(post);
  return reason ? `${line}\n    ${reason}` : line;
}

export function describePost(post: PostSummary, timeline: readonly TimelineStep[]): string {
  const lines = [
    `Post ${post.id}`,
    `  State:      ${stateWords(post)} (${post.state})`,
    `  When:       ${post.scheduledAt ? localTime(post.scheduledAt) : 'not scheduled'}`,
    `  Account:    ${post.accountName ?? '—'}${post.accountId ? ` (${post.accountId})` : ''}`,
    `  Video:      ${post.fileName ?? '—'}${post.durationSec !== null ? ` (${post.durationSec.toFixed(1)} s)` : ''}`,
    `  Caption:    ${post.caption || '(none)'}`,
  ];
  if (post.tiktok) {
    const t = post.tiktok;
    const allowed = (['allowComment', 'allowDuet', 'allowStitch'] as const).filter((k) => t[k]);
    lines.push(`  TikTok:     ${t.mode === 'inbox' ? 'inbox draft' : 'direct post'}, ${t.privacy ?? 'privacy not chosen'}${allowed.length ? `, ${allowed.join(', ')}` : ''}`);
  }
  lines.push(`  Created:    ${localTime(post.createdAt)}`, `  Updated:    ${localTime(post.updatedAt)}`);
  const reason = reasonOf(post);
  if (reason) lines.push(`  Why:        ${reason}`);
  const p = post.publish;
  if (p) {
    lines.push('Publishing:', `  Phase:      ${p.phase} (attempt ${p.attempt})`);
    if (p.totalBytes > 0) lines.push(`  Uploaded:   ${p.uploadedBytes} of ${p.totalBytes} bytes`);
    if (p.detail && p.detail !== reason) lines.push(`  Detail:     ${p.detail}`);
    if (p.tiktokStatus) lines.push(`  TikTok:     ${p.tiktokStatus}`);
    if (p.publishId) lines.push(`  Publish id: ${p.publishId}`);
    if (p.postUrl) lines.push(`  Link:       ${p.postUrl}`);
    if (p.failure) lines.push(`  Failure:    ${p.failure.code}: ${p.failure.message}${p.failure.retryable ? ' (trying again may help: Retry in the app)' : ''}`);
    if (p.nextCheckAt) lines.push(`  Next step:  ${localTime(p.nextCheckAt)}`);
  }
  // The same rule the app and the core use (settle.ts).
  const settle = canSettle(settleFacts(post), Date.now());
  if (settle.ok) {
    const profile = tiktokProfileUrl(post.accountUsername);
    lines.push('Settle:', `  ${settle.words}`);
    if (profile) lines.push(`  Profile:    ${profile}`);
    lines.push(`  Then:       clipdesk posts settle ${post.id} --published   (or --failed)`);
  }
  const a = post.approval;
  if (a) {
    lines.push('Approval:', `  ${a.status}${a.status === 'pending' && isApprovalHeld(post) ? ', held: nobody answered in time' : ''}${a.decidedBy ? ` by ${a.decidedBy}` : ''}${a.decidedAt ? ` at ${localTime(a.decidedAt)}` : ''}`);
  }
  lines.push('Timeline:');
  if (!timeline.length) lines.push('  (nothing recorded)');
  for (const step of timeline) lines.push(`  ${localTime(step.at)}  ${step.title} — ${step.by}${step.detail ? ` (${step.detail})` : ''}`);
  return `${lines.join('\n')}\n`;
}

function parseStates(raw: string | boolean | undefined): PostState[] | undefined {
  if (typeof raw !== 'string') return undefined;
  const states = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of states) {
    if (!(POST_STATES as readonly string[]).includes(s)) throw new CliError(`clipdesk posts list: "${s}" is not a post state (one of ${POST_STATES.join(', ')}).`, 2);
  }
  return states as PostState[];
}

const LIST_PAGE = 50;
const ALL_PAGE = 200;

/** A --from/--to value: a day (YYYY-MM-DD, this computer's zone; its start or end) or an ISO time with its zone. */
export function cliTimeBound(raw: string, end: boolean, flag: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (day) {
    const d = end ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 23, 59, 59, 999) : new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (d.getDate() === Number(day[3])) return d.toISOString();
  } else if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(raw.trim()) && !Number.isNaN(Date.parse(raw))) return new Date(raw).toISOString();
  throw new CliError(`clipdesk posts list: ${flag} takes a day (2026-05-04) or a time with its zone (2026-05-04T18:00:00+02:00), not "${raw}".`, 2);
}

/** The search `clipdesk posts list` asks for, from its options. */
async function listSearch(values: Values, accountOf: (handle: string) => Promise<string>): Promise<CommandInput<'posts.search'>> {
  const text = (flag: string): string | undefined => {
    const v = values[flag];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !v.trim()) throw new CliError(`clipdesk posts list: --${flag} takes a value.`, 2);
    return v;
  };
  const states = parseStates(values.state);
  const sort = text('sort');
  if (sort !== undefined && !(POST_SORTS as readonly string[]).includes(sort)) throw new CliError(`clipdesk posts list: --sort is one of ${POST_SORTS.join(', ')}, not "${sort}".`, 2);
  const date = text('date');
  if (date !== undefined && !(POST_DATE_FIELDS as readonly string[]).includes(date)) throw new CliError(`clipdesk posts list: --date is one of ${POST_DATE_FIELDS.join(', ')}, not "${date}".`, 2);
  const from = text('from');
  const to = text('to');
  const account = text('account');
  const query = text('search');
  const limit = text('limit');
  const size = limit === undefined ? undefined : Number(limit);
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > POST_PAGE_MAX)) throw new CliError(`clipdesk posts list: --limit is a number from 1 to ${POST_PAGE_MAX}.`, 2);
  return {
    ...(states ? { states } : {}),
    ...(query ? { query } : {}),
    ...(account ? { accountId: await accountOf(account) } : {}),
    // A range is on when the post goes, unless --date ended: when it finished.
    ...(from || to ? { dateField: (date ?? 'scheduled') as PostDateField } : {}),
    ...(from ? { from: cliTimeBound(from, false, '--from') } : {}),
    ...(to ? { to: cliTimeBound(to, true, '--to') } : {}),
    ...(sort ? { sort: sort as PostSort } : {}),
    ...(size ? { limit: size } : {}),
  };
}

/**
 * `clipdesk posts list`: a page of the search (newest first), then how to see the next one; or
 * with --all every page, however many posts there are. --json prints the posts as an array
 * (the "more" hint goes to standard error).
 */
async function listCommand(dataDir: string, values: Values): Promise<number> {
  if (values.all === true && (values.cursor !== undefined || values.limit !== undefined)) throw new CliError('clipdesk posts list: --all pages through everything; leave out --cursor and --limit.', 2);
  const session = await openApiSession(dataDir);
  try {
    const search = await listSearch(values, async (wanted) => (await resolveAccount(session, wanted, 'clipdesk posts list')).id);
    const cursor = typeof values.cursor === 'string' ? values.cursor : undefined;
    const posts: PostSummary[] = [];
    let page = await session.call('posts.search', { ...search, limit: values.all === true ? ALL_PAGE : (search.limit ?? LIST_PAGE), ...(cursor ? { cursor } : {}) });
    posts.push(...page.posts);
    while (values.all === true && page.nextCursor) {
      page = await session.call('posts.search', { ...search, limit: ALL_PAGE, cursor: page.nextCursor });
      posts.push(...page.posts);
    }
    const filtered = Object.keys(search).some((k) => k !== 'limit' && k !== 'sort');
    const more = page.nextCursor
      ? `Showing ${posts.length} of ${page.total}${cursor ? ' (from the cursor on)' : ''}. More: clipdesk ${moreArgs(values, page.nextCursor)}   (or --all for every one)\n`
      : null;
    if (values.json) {
      process.stdout.write(`${JSON.stringify(posts, null, 2)}\n`);
      if (more) process.stderr.write(more);
    } else if (!posts.length) {
      process.stdout.write(filtered ? 'No posts match.\n' : 'No posts yet.\n');
    } else {
      process.stdout.write(`${posts.map(postLine).join('\n')}\n`);
      process.stdout.write(more ?? (posts.length > LIST_PAGE || cursor ? `${posts.length} of ${page.total} post(s).\n` : ''));
    }
    return 0;
  } finally {
    await session.close();
  }
}

/** The same command again, for the page at `cursor`. */
function moreArgs(values: Values, cursor: string): string {
  const args = ['posts', 'list'];
  for (const flag of ['state', 'search', 'account', 'from', 'to', 'date', 'sort', 'limit'] as const) {
    const v = values[flag];
    if (typeof v === 'string') args.push(`--${flag}`, /^[\w@.,:+-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  }
  if (values.json) args.push('--json');
  args.push('--cursor', cursor);
  return args.join(' ');
}

export async function postsCommand(dataDir: string, args: string[], values: Values): Promise<number> {
  const [action, id] = args;
  if (action === 'list') {
    if (id !== undefined) throw new CliError('clipdesk posts list: takes no argument (filter with --state, --search, --account, --from, --to).', 2);
    return listCommand(dataDir, values);
  }
  if (action === 'show') {
    if (!id) throw new CliError('clipdesk posts show: give the post id (see clipdesk posts list).', 2);
    if (values.state !== undefined) throw new CliError('clipdesk posts show: --state is for posts list.', 2);
    const session = await openApiSession(dataDir);
    try {
      let post: PostSummary;
      try {
        post = await session.call('posts.get', { id });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'NOT_FOUND' || /not found|no post/i.test((err as Error).message)) {
          throw new CliError(`There is no post with the id "${id}". See the ids with: clipdesk posts list`, 1);
        }
        throw err;
      }
      const timeline = await session.call('posts.timeline', { id });
      if (values.json) process.stdout.write(`${JSON.stringify({ post, timeline }, null, 2)}\n`);
      else process.stdout.write(describePost(post, timeline));
      return 0;
    } finally {
      await session.close();
    }
  }
  if (action === 'settle') return settleCommand(dataDir, id, values);
  throw new CliError(`clipdesk posts: expected list, show or settle, not "${action ?? ''}"`, 2);
}

/** `clipdesk posts settle ID --published|--failed [--note TEXT]`: the creator's word, after checking TikTok. */
async function settleCommand(dataDir: string, id: string | undefined, values: Values): Promise<number> {
  const usage = (m: string): CliError => new CliError(`clipdesk posts settle: ${m}`, 2);
  if (!id) throw usage('give the post id (see clipdesk posts list), and --published or --failed.');
  if (values.state !== undefined) throw usage('--state is for posts list.');
  if ((values.published === true) === (values.failed === true)) throw usage('say what your TikTok profile shows: --published or --failed (one of them).');
  if (values.note !== undefined && typeof values.note !== 'string') throw usage('--note takes a text.');
  const outcome = values.published === true ? 'published' : 'failed';
  const session = await openApiSession(dataDir);
  try {
    let post: PostSummary;
    try {
      post = await session.call('posts.settle', { id, outcome, ...(typeof values.note === 'string' ? { note: values.note } : {}) });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'NOT_FOUND' || /no post with id/i.test((err as Error).message)) {
        throw new CliError(`There is no post with the id "${id}". See the ids with: clipdesk posts list`, 1);
      }
      // CONFLICT: the core's own words say why this post cannot be settled (settle.ts).
      throw new CliError(`clipdesk posts settle: ${(err as Error).message}`, 1);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(post, null, 2)}\n`);
    else {
      process.stdout.write(
        `Post ${post.id} is marked ${outcome}${post.accountName ? ` (${post.accountName})` : ''}; the activity log records that you said so. Clipdesk sends nothing more for it.\n`,
      );
    }
    return 0;
  } finally {
    await session.close();
  }
}

export async function pauseCommand(dataDir: string, paused: boolean): Promise<number> {
  const session = await openApiSession(dataDir);
  try {
    const before = await session.call('settings.get', {});
    await session.call('settings.update', { publishingPaused: paused });
    // Counted by the core, however many there are (a list would stop at its page).
    const scheduled = await session.call('posts.count', { states: ['scheduled'] });
    const passed = await session.call('posts.count', { states: ['scheduled'], dateField: 'scheduled', to: new Date().toISOString() });
    // Due: their time has passed, but not those held for missing it (they wait for the creator).
    const due = passed.total - passed.held.missed;
    const was = before.publishingPaused === paused ? ` (it already was ${paused ? 'paused' : 'on'})` : '';
    if (paused) {
      process.stdout.write(
        `Publishing is paused${was}. Nothing is sent to TikTok: scheduled posts wait, and their times passing does not make them missed.\n` +
          `${scheduled.total} scheduled post(s) wait. Carry on with: clipdesk resume\n`,
      );
    } else {
      const running = session.via === 'instance' ? 'at once' : 'as soon as Clipdesk runs (the app or clipdesk serve)';
      process.stdout.write(
        `Publishing is on${was}. Scheduled posts go out at their times; ${due ? `${due} post(s) already due go out ${running}` : 'none is due yet'}.\n`,
      );
    }
    return 0;
  } finally {
    await session.close();
  }
}

export async function exportCommand(dataDir: string, out: string, values: Values): Promise<number> {
  if (!out.trim()) throw new CliError('clipdesk export: give the zip file to write, e.g. clipdesk export ~/clipdesk-export.zip', 2);
  const session = await openApiSession(dataDir);
  try {
    // The path is resolved here, against the folder the person is in: the core takes full paths only.
    const result = await session.call('data.export', { outPath: path.resolve(out), replace: values.force === true, includeMedia: values.media === true });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`Exported ${result.entries} file(s), ${formatBytes(result.bytes)}, to ${result.path}${values.media ? '' : ' (without media: add --media to include the videos)'}\n`);
    return 0;
  } finally {
    await session.close();
  }
}
