// The schedule's and the creator's-data UI, its pure parts: the missed-post grace window and
// the retention settings in words and back, the Activity filters as the request the core
// takes, the CSV's file name, and sizes in human units.
import type { CommandInput } from '../../../src-shared/contract';
import { formatBytes } from '../../../src-shared/media/readiness';
import type { PostState } from '../../../src-shared/posts/lifecycle';
import { awaitsApproval, canMove } from '../../../src-shared/posts/post-actions';

/**
 * A post that can move to another time: scheduled (or held for missing its time) and not
 * started, or still waiting for its go-ahead — the core moves its approval, and the no-answer
 * rule's deadline, with it.
 */
export function canReschedule(post: { state: PostState; publish: { phase: string } | null; approval: { status: string } | null }): boolean {
  // The state's rule is the lifecycle's (post-actions.ts); the approval and the publish record add
  // whether this one's time is still its own.
  if (!canMove(post.state)) return false;
  if (awaitsApproval(post.state)) return post.approval?.status === 'pending';
  return post.publish === null || post.publish.phase === 'waiting';
}

/** What the toast says once a post has its new time. */
export function rescheduledNote(post: { state: string }, name: string): string {
  return post.state === 'awaiting_approval' ? `${name} still needs an approval before it is published.` : `${name} goes out at its new time.`;
}

// ── The grace window ────────────────────────────────────────────────────────────────────
export type GraceUnit = 'minutes' | 'hours';
export const MAX_GRACE_MINUTES = 7 * 24 * 60;

/** How the field shows a setting: whole hours as hours, else minutes. */
export function graceToField(minutes: number): { amount: string; unit: GraceUnit } {
  if (minutes > 0 && minutes % 60 === 0) return { amount: String(minutes / 60), unit: 'hours' };
  return { amount: String(minutes), unit: 'minutes' };
}

/** What the field says, as the setting: minutes, or why it cannot be saved. */
export function graceFromField(amount: string, unit: GraceUnit): { ok: true; minutes: number } | { ok: false; problem: string } {
  const trimmed = amount.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return { ok: false, problem: 'Give a number of minutes or hours (0 = never publish late).' };
  const minutes = Math.round(Number(trimmed) * (unit === 'hours' ? 60 : 1));
  if (minutes > MAX_GRACE_MINUTES) return { ok: false, problem: 'At most 7 days (168 hours).' };
  return { ok: true, minutes };
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "2 hours", "90 minutes", "1 day 2 hours". */
export function durationMinutesWords(minutes: number): string {
  if (minutes < 60) return plural(minutes, 'minute');
  if (minutes % 60 !== 0) return `${plural(Math.floor(minutes / 60), 'hour')} ${plural(minutes % 60, 'minute')}`;
  const hours = minutes / 60;
  if (hours < 24 || hours % 24 !== 0) return plural(hours, 'hour');
  return plural(hours / 24, 'day');
}

/** What the grace window means, for the line under the field. */
export function graceWords(minutes: number): string {
  if (minutes <= 0) return 'Now: a missed post is never sent late; it always waits for you.';
  return `Now: a missed post goes out up to ${durationMinutesWords(minutes)} late; later than that, it waits for you.`;
}

// ── Retention ───────────────────────────────────────────────────────────────────────────
export const MEDIA_RETENTION_CHOICES: readonly (number | null)[] = [null, 1, 7, 14, 30, 90, 365];
export const LOG_RETENTION_CHOICES: readonly (number | null)[] = [null, 30, 90, 180, 365, 730, 1825];

/** One choice of a retention select, in words. */
export function retentionWords(days: number | null, what: 'media' | 'log'): string {
  if (days === null) return what === 'media' ? 'Keep' : 'Keep forever';
  if (days % 365 === 0) return plural(days / 365, 'year');
  return plural(days, 'day');
}

/** The choices offered, with the current value among them even when it is not a standard one. */
export function retentionOptions(current: number | null | undefined, choices: readonly (number | null)[]): (number | null)[] {
  const all = current === undefined || choices.includes(current) ? [...choices] : [...choices, current];
  return all.sort((a, b) => (a === null ? -1 : b === null ? 1 : a - b));
}

export const retentionValue = (days: number | null): string => (days === null ? 'keep' : String(days));
export const retentionFromValue = (value: string): number | null => (value === 'keep' ? null : Number(value));

// ── Sizes ───────────────────────────────────────────────────────────────────────────────
/** A data item's size: "1.2 MB", "Empty", or "—" when not measured. */
export function sizeWords(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes === 0) return 'Empty';
  return formatBytes(bytes);
}

export function countWords(count: number | null): string | null {
  if (count === null) return null;
  return count === 1 ? '1 item' : `${count.toLocaleString('en')} items`;
}

// ── Activity filters ────────────────────────────────────────────────────────────────────
export const ACTION_FAMILIES = [
  { id: 'posts', label: 'Posts', prefixes: ['post.'] },
  { id: 'approvals', label: 'Approvals', prefixes: ['approval.'] },
  { id: 'telegram', label: 'Telegram', prefixes: ['telegram.'] },
  { id: 'accounts', label: 'TikTok accounts', prefixes: ['account', 'tiktok.'] },
  { id: 'renders', label: 'Renders', prefixes: ['render.'] },
  { id: 'library', label: 'Library', prefixes: ['clip.', 'library.'] },
  { id: 'settings', label: 'Settings', prefixes: ['settings.'] },
] as const;
export type ActionFamily = (typeof ACTION_FAMILIES)[number]['id'];

/** Who did it, as the activity log names its callers (src-shared/caller.ts actorLabel): 'rule' also matches rule:retention and the like. */
export const ACTOR_FILTERS = [
  { id: 'app', label: 'App' },
  { id: 'browser', label: 'Browser' },
  { id: 'cli', label: 'CLI' },
  { id: 'telegram', label: 'Telegram' },
  { id: 'scheduler', label: 'Scheduler' },
  { id: 'rule', label: 'Rules' },
] as const;
export type ActorFilter = (typeof ACTOR_FILTERS)[number]['id'];

export interface ActivityFilters {
  query: string;
  families: readonly ActionFamily[];
  actor: ActorFilter | null;
  /** Dates as a date input gives them (YYYY-MM-DD, this computer's zone); '' = open. */
  from: string;
  to: string;
}

export const NO_FILTERS: ActivityFilters = { query: '', families: [], actor: null, from: '', to: '' };

const pad = (n: number): string => String(Math.abs(Math.trunc(n))).padStart(2, '0');

/** A local date's start (or end) as ISO with this computer's offset; null when malformed. */
export function localDayBound(date: string, end: boolean): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m) return null;
  const d = end ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999) : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3])) return null;
  const offset = -d.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${m[1]}-${m[2]}-${m[3]}T${end ? '23:59:59.999' : '00:00:00.000'}${zone}`;
}

/** The filters as activity.exportCsv takes them (activity.list adds paging). Empty parts are left out. */
export function activityRequest(f: ActivityFilters): CommandInput<'activity.exportCsv'> {
  const query = f.query.trim();
  const actions = ACTION_FAMILIES.filter((fam) => f.families.includes(fam.id)).flatMap((fam) => [...fam.prefixes]);
  const from = f.from ? localDayBound(f.from, false) : null;
  const to = f.to ? localDayBound(f.to, true) : null;
  return {
    ...(query ? { query } : {}),
    ...(actions.length ? { actions } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export function hasFilters(f: ActivityFilters): boolean {
  return Object.keys(activityRequest(f)).length > 0;
}

/** Whether an entry arriving live belongs in the filtered list (the core's rules, on one entry). */
export function entryPassesFilters(entry: { at: string; actor: string; action: string }, f: ActivityFilters): boolean {
  const req = activityRequest(f);
  if (req.actions && !req.actions.some((p) => entry.action.startsWith(p))) return false;
  if (req.actor && entry.actor !== req.actor && !entry.actor.startsWith(`${req.actor}:`)) return false;
  const at = Date.parse(entry.at);
  if (req.from && at < Date.parse(req.from)) return false;
  if (req.to && at > Date.parse(req.to)) return false;
  return true;
}

/** "clipdesk-activity-2026-05-04.csv" (this computer's date). */
export function csvFileName(now: Date): string {
  return `clipdesk-activity-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
