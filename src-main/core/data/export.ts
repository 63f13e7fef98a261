/**
 * Export: everything Clipdesk knows about the creator's work, as one zip of documented JSON
 * (and, if asked, the video files), so the creator can keep it, read it or leave with it.
 *
 * Format `clipdesk-export`, version 1. Every JSON file is UTF-8, pretty-printed; times are
 * ISO 8601 in UTC unless a field says otherwise.
 *
 *   README.txt           what each file is (in words), the format version, the export time
 *   manifest.json        { format: 'clipdesk-export', version: 1, exportedAt, app: { version }, counts, includeMedia }
 *   posts.json           every post: state, caption, TikTok settings, times, why it is held (`hold`:
 *                        { reason, since, until } as PostSummary.hold, reason one of HOLD_REASONS,
 *                        or null; `holdReason`: its sentence), approvals, publish attempts
 *                        (no upload links, no tokens: those are secrets and never exported)
 *   history.json         published and failed posts, each with a timeline built from the activity
 *                        log (rendered, approved by whom, uploading, processing, published / failed)
 *   activity.json        every activity-log entry, oldest first
 *   settings.json        the creator's settings (secrets live elsewhere and are not included)
 *   accounts.json        connected TikTok accounts: names, usernames, scopes, states (no tokens)
 *   approvers.json       paired Telegram approvers: names, usernames, time zones (no bot token)
 *   clips.json           the library: each clip with where its file is and its probe data
 *   renders.json         renders: which clip, the recipe, the output file and its probe data
 *   insights.json        Insights: { accounts, posts }, each with its snapshots (`series`), exactly as
 *                        `clipdesk insights --json` prints it (src-shared/insights/insights-document.ts)
 *   insights-posts.csv   one row per post of insights.json (insights-export.ts: INSIGHTS_CSV_COLUMNS)
 *   media-manifest.json  every media file Clipdesk knows (clip sources, renders, render covers,
 *                        thumbnails): path, size, sha256 (for files in the data folder, or all
 *                        files when media is included), whether it is in the archive, or missing
 *   media/               only when media is included: media/sources/, media/renders/,
 *                        media/thumbnails/ — including sources imported by path from outside the
 *                        data folder (the creator's own files, copied into the archive)
 *
 * The archive is written to a temporary file next to `outPath` and renamed when complete, so
 * a failed or interrupted export never leaves a half-written archive. Media files are streamed
 * into the zip by path, never read whole into memory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { AppError } from '../../../src-shared/errors';
import { HOLD_REASONS, type HoldReason } from '../../../src-shared/posts/post';
import type { Insights } from '../../../src-shared/insights/insights';
import type { Settings } from '../../../src-shared/settings';
import type { AuditRow } from '../audit/audit-log';
import type { Clock } from '../clock';
import { iso } from '../clock';
import { hashFile } from '../library/content-hash';
import { libraryPaths, thumbnailFile } from '../instance/library-paths';
import type { PostRow } from '../post-store/post-repo';
import type { Db } from '../store/database';
import { isInside, realish } from '../instance/data-files';
import { INSIGHTS_CSV_COLUMNS, insightsExport } from './insights-export';

export const EXPORT_FORMAT = 'clipdesk-export';
export const EXPORT_VERSION = 1;

export interface ExportDeps {
  dataDir: string;
  db: Db;
  clock: Clock;
  version: string;
  settings: () => Settings;
  /** Insights with every snapshot (the Insights feature's reader), read in the export's snapshot; none without. */
  insights?: () => Insights;
}

export interface ExportResult {
  path: string;
  bytes: number;
  entries: number;
}

type MediaKind = 'source' | 'render' | 'render-cover' | 'thumbnail';

export interface MediaManifestEntry {
  kind: MediaKind;
  clipId: string | null;
  renderId: string | null;
  path: string;
  /** Inside Clipdesk's data folder (false: the creator's own file, imported by path). */
  inDataFolder: boolean;
  exists: boolean;
  sizeBytes: number | null;
  sha256: string | null;
  included: boolean;
  /** Where it is in the archive when included. */
  archivePath: string | null;
}

const parseJson = (text: string | null): unknown => {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** Timeline steps told in words; other actions keep their name. */
const STEP: Record<string, string> = {
  'post.created': 'created',
  'render.done': 'rendered',
  'render.failed': 'render failed',
  'approval.requested': 'approval requested',
  'approval.held': 'held: no answer in time',
  'post.approve': 'approved',
  'post.reject': 'rejected',
  'post.schedule': 'scheduled',
  'post.rescheduled': 'rescheduled',
  'post.late': 'publishing late',
  'post.missed': 'missed its time',
  'post.publish_now': 'publish now',
  'post.publish_start': 'uploading',
  'post.upload_done': 'uploaded; TikTok processing',
  'post.published': 'published',
  'post.publish_failed': 'failed',
  'post.retry': 'retried',
  'post.cancel': 'cancelled',
  'post.media_removed': 'media removed',
};

/** Each hold reason (HOLD_REASONS) in words, for the README. */
const HOLD_WORDS: Record<HoldReason, string> = {
  paused: 'publishing is paused; it goes when you resume',
  daily_cap: "its account reached TikTok's daily cap; it goes when a slot frees up",
  account: 'its account must be reconnected; it carries on once it is',
  missed: 'it missed its time while Clipdesk could not publish; it waits for you',
  no_answer: 'nobody approved it by its time; it waits until someone does',
};

/** A post's hold as PostSummary.hold has it (without the sentence, which is `holdReason`), or null. */
function holdOf(p: PostRow): { reason: HoldReason; since: string | null; until: string | null } | null {
  if (p.hold_kind === null) return null;
  return { reason: p.hold_kind, since: isoOrNull(p.hold_since), until: isoOrNull(p.hold_until) };
}

/** Everything but the media, read in one snapshot. */
function collect(deps: ExportDeps, exportedAt: string) {
  const { db } = deps;
  return db.transaction(() => {
    const postRows = db.prepare('SELECT * FROM posts ORDER BY created_at, id').all() as PostRow[];
    const approvals = db
      .prepare('SELECT id, post_id, status, requested_at, deadline, held_at, decided_at, decided_by, decided_actor, decided_via FROM approvals ORDER BY requested_at, rowid')
      .all() as Array<{ id: string; post_id: string; status: string; requested_at: number; deadline: number | null; held_at: number | null; decided_at: number | null; decided_by: string | null; decided_actor: string | null; decided_via: string | null }>;
    // Named columns only: an attempt's upload link lives with the secrets, not here, and must stay there.
    const attempts = db
      .prepare(
        `SELECT post_id, attempt, account_id, mode, phase, video_path, video_size, publish_id, uploaded_bytes, upload_complete, upload_completed_at,
                tiktok_status, public_post_id, polls, detail, created_at, updated_at
         FROM publish_attempts ORDER BY post_id, attempt`,
      )
      .all() as Array<{ post_id: string; attempt: number; account_id: string; mode: string; phase: string; video_path: string; video_size: number; publish_id: string | null; uploaded_bytes: number; upload_complete: number; upload_completed_at: number | null; tiktok_status: string | null; public_post_id: string | null; polls: number; detail: string | null; created_at: string; updated_at: string }>;
    const activity = db.prepare('SELECT id, at, actor, action, subject, detail FROM audit_entries ORDER BY id').all() as AuditRow[];
    const accounts = db
      .prepare('SELECT id, provider, external_id, display_name, username, scopes, state, problem, created_at, updated_at FROM accounts ORDER BY created_at, id')
      .all() as Array<{ id: string; provider: string; external_id: string; display_name: string; username: string | null; scopes: string; state: string; problem: string | null; created_at: string; updated_at: string }>;
    const approvers = db
      .prepare('SELECT id, name, username, chat_title, can_approve, time_zone, paired_at FROM telegram_approvers ORDER BY paired_at, id')
      .all() as Array<{ id: string; name: string; username: string | null; chat_title: string | null; can_approve: number; time_zone: string; paired_at: string }>;
    const clips = db
      .prepare('SELECT id, file_name, source_path, origin, size_bytes, content_hash, state, error, probe_json, thumbnail, created_at, updated_at FROM clips ORDER BY created_at, id')
      .all() as Array<{ id: string; file_name: string; source_path: string; origin: string; size_bytes: number; content_hash: string; state: string; error: string | null; probe_json: string | null; thumbnail: string | null; created_at: string; updated_at: string }>;
    const renders = db
      .prepare('SELECT id, clip_id, post_id, recipe_json, output_path, output_json, cover_path, encoder, created_at, updated_at FROM render_jobs ORDER BY created_at, id')
      .all() as Array<{ id: string; clip_id: string; post_id: string | null; recipe_json: string; output_path: string | null; output_json: string | null; cover_path: string | null; encoder: string | null; created_at: string; updated_at: string }>;

    const posts = postRows.map((p) => ({
      id: p.id,
      state: p.state,
      caption: p.caption,
      clipId: p.clip_id,
      renderId: p.render_id,
      accountId: p.account_id,
      tiktok: parseJson(p.settings_json),
      scheduledAt: p.scheduled_at,
      // Why it is held, typed as the app reads it (PostSummary.hold); holdReason is its sentence.
      hold: holdOf(p),
      holdReason: p.hold_reason,
      failure: parseJson(p.failure_json),
      createdAt: p.created_at,
      updatedAt: p.updated_at,
      approvals: approvals
        .filter((a) => a.post_id === p.id)
        .map((a) => ({
          id: a.id,
          status: a.status,
          requestedAt: iso(a.requested_at),
          deadline: isoOrNull(a.deadline),
          heldAt: isoOrNull(a.held_at),
          decidedAt: isoOrNull(a.decided_at),
          decidedBy: a.decided_by,
          decidedActor: a.decided_actor,
          decidedVia: a.decided_via,
        })),
      publishAttempts: attempts
        .filter((a) => a.post_id === p.id)
        .map((a) => ({
          attempt: a.attempt,
          accountId: a.account_id,
          mode: a.mode,
          phase: a.phase,
          videoPath: a.video_path,
          videoSizeBytes: a.video_size,
          publishId: a.publish_id,
          uploadedBytes: a.uploaded_bytes,
          uploadComplete: a.upload_complete === 1,
          uploadCompletedAt: isoOrNull(a.upload_completed_at),
          tiktokStatus: a.tiktok_status,
          tiktokPostId: a.public_post_id,
          statusChecks: a.polls,
          detail: a.detail,
          createdAt: a.created_at,
          updatedAt: a.updated_at,
        })),
    }));

    const bySubject = new Map<string, AuditRow[]>();
    for (const e of activity) {
      if (e.subject === null) continue;
      const list = bySubject.get(e.subject) ?? [];
      list.push(e);
      bySubject.set(e.subject, list);
    }
    const history = posts
      .filter((p) => p.state === 'published' || p.state === 'failed')
      .map((p) => {
        const account = accounts.find((a) => a.id === p.accountId);
        const last = p.publishAttempts[p.publishAttempts.length - 1];
        const subjects = [p.id, ...(p.renderId ? [p.renderId] : []), ...p.approvals.map((a) => a.id)];
        const timeline = subjects
          .flatMap((s) => bySubject.get(s) ?? [])
          .sort((a, b) => a.id - b.id)
          .map((e) => ({ at: e.at, step: STEP[e.action] ?? e.action, action: e.action, by: e.actor, detail: e.detail }));
        const publishedAt = timeline.filter((t) => t.action === 'post.published').pop()?.at ?? null;
        return {
          postId: p.id,
          state: p.state,
          caption: p.caption,
          account: account ? { id: account.id, displayName: account.display_name, username: account.username } : null,
          publishedAt,
          tiktokPostId: last?.tiktokPostId ?? null,
          failure: p.failure,
          timeline,
        };
      });

    return {
      posts,
      history,
      insights: insightsExport(deps.insights?.() ?? { accounts: [], posts: [] }),
      activity,
      settings: deps.settings(),
      accounts: accounts.map((a) => ({
        id: a.id,
        provider: a.provider,
        tiktokUserId: a.external_id,
        displayName: a.display_name,
        username: a.username,
        scopes: a.scopes.split(/[,\s]+/).filter(Boolean),
        state: a.state,
        problem: a.problem,
        connectedAt: a.created_at,
        updatedAt: a.updated_at,
      })),
      approvers: approvers.map((a) => ({
        id: a.id,
        name: a.name,
        username: a.username,
        chatTitle: a.chat_title,
        canApprove: a.can_approve === 1,
        timeZone: a.time_zone,
        pairedAt: a.paired_at,
      })),
      clips: clips.map((c) => ({
        id: c.id,
        fileName: c.file_name,
        sourcePath: c.source_path,
        origin: c.origin,
        sizeBytes: c.size_bytes,
        sha256: /^[0-9a-f]{64}$/.test(c.content_hash) ? c.content_hash : null,
        state: c.state,
        problem: c.error,
        probe: parseJson(c.probe_json),
        importedAt: c.created_at,
        updatedAt: c.updated_at,
      })),
      renders: renders.map((r) => ({
        id: r.id,
        clipId: r.clip_id,
        recipe: parseJson(r.recipe_json),
        outputPath: r.output_path,
        output: parseJson(r.output_json),
        coverPath: r.cover_path,
        encoder: r.encoder,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      })),
      media: [
        ...clips.map((c) => ({ kind: 'source' as const, clipId: c.id, renderId: null, path: c.source_path })),
        ...renders.flatMap((r) => [
          ...(r.output_path ? [{ kind: 'render' as const, clipId: r.clip_id, renderId: r.id, path: r.output_path }] : []),
          ...(r.cover_path ? [{ kind: 'render-cover' as const, clipId: r.clip_id, renderId: r.id, path: r.cover_path }] : []),
        ]),
        ...clips.map((c) => ({ kind: 'thumbnail' as const, clipId: c.id, renderId: null, path: c.thumbnail ? path.join(libraryPaths(deps.dataDir).thumbnails, path.basename(c.thumbnail)) : thumbnailFile(libraryPaths(deps.dataDir), c.id) })),
      ],
      exportedAt,
    };
  })();
}

const FOLDER: Record<MediaKind, string> = { source: 'sources', render: 'renders', 'render-cover': 'renders', thumbnail: 'thumbnails' };

async function mediaManifest(dataDir: string, files: Array<{ kind: MediaKind; clipId: string | null; renderId: string | null; path: string }>, includeMedia: boolean): Promise<MediaManifestEntry[]> {
  const names = new Set<string>();
  const out: MediaManifestEntry[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const inDataFolder = isInside(f.path, dataDir);
    let size: number | null = null;
    try {
      const s = fs.statSync(f.path);
      if (s.isFile()) size = s.size;
    } catch {
      size = null;
    }
    // A thumbnail Clipdesk never made is not "missing": it is left out.
    if (size === null && f.kind === 'thumbnail') continue;
    const exists = size !== null;
    const duplicate = seen.has(path.resolve(f.path));
    seen.add(path.resolve(f.path));
    const sha256 = exists && (inDataFolder || includeMedia) ? await hashFile(f.path) : null;
    let archivePath: string | null = null;
    if (includeMedia && exists && !duplicate) {
      const base = path.basename(f.path);
      let name = `media/${FOLDER[f.kind]}/${f.kind === 'source' && f.clipId && !base.startsWith(f.clipId.slice(0, 8)) ? `${f.clipId.slice(0, 8)}-${base}` : base}`;
      for (let n = 2; names.has(name); n++) name = `media/${FOLDER[f.kind]}/${n}-${base}`;
      names.add(name);
      archivePath = name;
    }
    out.push({ kind: f.kind, clipId: f.clipId, renderId: f.renderId, path: f.path, inDataFolder, exists, sizeBytes: size, sha256, included: archivePath !== null, archivePath });
  }
  return out;
}

function readme(o: { exportedAt: string; version: string; includeMedia: boolean; counts: Record<string, number>; missing: number }): string {
  return `Clipdesk export
===============

Format: ${EXPORT_FORMAT}, version ${EXPORT_VERSION}
Exported: ${o.exportedAt} (UTC)
Clipdesk version: ${o.version}

This archive holds everything Clipdesk knew about your work when it was exported, as JSON
files you can open in any text editor or read with a program. Times are ISO 8601 in UTC.

Secrets are NOT included: no TikTok tokens or client secret, no Telegram bot token, no upload
links. They stay encrypted on the computer that made this export.

Files
-----
manifest.json        The format name and version, the export time, the Clipdesk version and how
                     many of each thing this archive holds.
posts.json           Every post (${o.counts.posts}): its state, caption, TikTok settings (privacy,
                     interactions, disclosure, mode), times, approvals (who decided, when, how)
                     and publish attempts (phase, TikTok's publish id and status, bytes sent).
                     A post waiting although it could go says why in "hold": { "reason",
                     "since", "until" } (null when it is not held); "since" is when it was
                     first held, "until" when Clipdesk looks again by itself (null: only you
                     can release it), "holdReason" the same in a sentence. The reasons:
${HOLD_REASONS.map((r) => `                       ${`"${r}"`.padEnd(12)} ${HOLD_WORDS[r]}`).join('\n')}
history.json         Published and failed posts (${o.counts.history}), each with a timeline built from
                     the activity log: created, rendered, approved (by whom), uploading,
                     uploaded and processing, published or failed.
activity.json        The whole activity log (${o.counts.activity} entries), oldest first: when, who, what,
                     on what, and details.
settings.json        Your settings (publishing, renders, approvals, quiet hours, retention).
accounts.json        Connected TikTok accounts (${o.counts.accounts}): names, usernames, granted scopes,
                     state. No tokens.
approvers.json       Paired Telegram approvers (${o.counts.approvers}): names, usernames, time zones,
                     whether they may approve. No bot token.
clips.json           Your library (${o.counts.clips} clips): file name, where the file is, size, SHA-256,
                     whether it was imported by path or uploaded, and what ffprobe read from it.
renders.json         Renders (${o.counts.renders}): which clip, the recipe, the output file and its facts.
insights.json        Insights: how your posts did and your accounts grew, from the snapshots
                     Clipdesk took of TikTok's numbers (TikTok keeps no history itself), the
                     same shape as \`clipdesk insights --json\`: { "accounts": [...], "posts": [...] }.
                     Accounts (${o.counts.insightsAccounts}): "id", "username", "followers", "likes", "videos",
                     "at" (when TikTok served these totals) and "series": every snapshot,
                     oldest first, as { "at", "followers", "likes", "videos" }; also
                     "displayName", "following", "problem", "missingScopes".
                     Posts (${o.counts.insightsPosts}, newest first): "id" (the Clipdesk post; null for a video
                     published outside Clipdesk), "tiktokId" (TikTok's video id, a string:
                     it is a 64-bit number a JSON number would round), "views", "likes",
                     "comments", "shares", "at" and "series": { "at", "views", "likes",
                     "comments", "shares" }; also "key", "accountId", "source" (clipdesk or
                     outside), "matchedBy", "caption", "publishedAt", "shareUrl",
                     "availability" (public, not_yet_public, private, inbox or not_found),
                     "reason" (why there are no public numbers), "viewsAt1h", "viewsAt24h",
                     "viewsAt7d", "engagementRate". ${o.counts.insightsSnapshots} snapshots in all. A count
                     TikTok did not give is null, never 0.
insights-posts.csv   The posts of insights.json as a table, one row each, for a spreadsheet
                     (UTF-8, comma-separated, a header row): ${INSIGHTS_CSV_COLUMNS.slice(0, 6).join(', ')},
                     ${INSIGHTS_CSV_COLUMNS.slice(6).join(', ')}.
                     views_1h/24h/7d are the views that long after posting; engagement_rate
                     is (likes + comments + shares) / views as a fraction (0.053 = 5.3 %);
                     "at" is when TikTok served the numbers. An unknown value is an empty
                     cell. Text that a spreadsheet would run as a formula (starting with =, +,
                     - or @) begins with an apostrophe.
media-manifest.json  Every media file Clipdesk knows (${o.counts.mediaFiles}): clip sources, renders,
                     render covers and thumbnails, with path and size; SHA-256 for files in
                     Clipdesk's data folder${o.includeMedia ? ' and for every file in this archive' : ''};
                     whether each is in this archive (and where), or missing (${o.missing}).
${
  o.includeMedia
    ? `media/               The media files themselves (${o.counts.mediaIncluded}): media/sources/ (your clips —
                     uploaded ones, and also those imported by path from elsewhere on your
                     computer), media/renders/ (rendered videos and their covers),
                     media/thumbnails/. Files that were missing are listed as missing in
                     media-manifest.json and are not here.
`
    : `(no media/)          This export was made without media: the files are listed in
                     media-manifest.json but not copied into the archive.
`
}`;
}

/** Folders of the system that look like folders but hold no files (Linux's /proc, /sys, /dev). */
const PSEUDO_FOLDERS = ['/proc', '/sys', '/dev'];

/**
 * Refuses an archive path Clipdesk must not write to, in words. The folder must exist (none is
 * created for it: a mistyped path should fail, not grow folders), and a file already there is
 * replaced only when the person asked for that (the CLI's --force, or a save dialog's own "Replace?").
 */
function checkOutPath(dataDir: string, outPath: string, replace: boolean): string {
  if (!path.isAbsolute(outPath)) throw new AppError('BAD_INPUT', `Choose a full path for the export (${outPath} is relative).`);
  const target = realish(path.resolve(outPath));
  if (isInside(target, dataDir)) {
    throw new AppError('BAD_INPUT', `The export cannot go inside Clipdesk's data folder (${dataDir}); choose another folder, such as your Documents.`);
  }
  const dir = path.dirname(target);
  if (PSEUDO_FOLDERS.some((p) => dir === p || dir.startsWith(`${p}/`))) {
    throw new AppError('BAD_INPUT', `${dir} is a folder of the system, not one for files; choose another folder, such as your Documents.`);
  }
  let dirStat: fs.Stats | null = null;
  try {
    dirStat = fs.statSync(dir);
  } catch {
    dirStat = null;
  }
  if (!dirStat) throw new AppError('BAD_INPUT', `The folder ${dir} does not exist. Create it first, or choose another folder.`);
  if (!dirStat.isDirectory()) throw new AppError('BAD_INPUT', `${dir} is not a folder; choose a folder for the export.`);
  let existing: fs.Stats | null = null;
  try {
    existing = fs.lstatSync(target);
  } catch {
    existing = null;
  }
  if (existing?.isDirectory()) throw new AppError('BAD_INPUT', `${target} is a folder; give a file name for the archive, such as clipdesk-export.zip.`);
  if (existing && !existing.isFile()) throw new AppError('BAD_INPUT', `${target} is not a regular file; choose another name for the export.`);
  if (existing && !replace) {
    throw new AppError('CONFLICT', `${target} already exists. Choose another name, or replace it (clipdesk export --force).`);
  }
  return target;
}

function writeError(err: unknown, where: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new AppError('DISK_FULL', `The disk is full: the export could not be written to ${where}. Nothing was left behind.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new AppError('BAD_INPUT', `Clipdesk may not write to ${where}; choose a folder you can write to. Nothing was left behind.`);
  if (code === 'ENOTDIR') return new AppError('BAD_INPUT', `${where} is not a folder Clipdesk can write to (part of the path is a file). Nothing was left behind.`);
  if (code === 'EEXIST') return new AppError('CONFLICT', `${where} appeared while the export was written; nothing was replaced. Choose another name, or replace it (clipdesk export --force).`);
  return new AppError('INTERNAL', `The export could not be written to ${where}: ${err instanceof Error ? err.message : String(err)}. Nothing was left behind.`);
}

/** The archive, ready to stream: every document, and the media files yazl reads from disk as it goes. */
function buildArchive(deps: ExportDeps, includeMedia: boolean, media: MediaManifestEntry[], data: ReturnType<typeof collect>, now: number): { zip: yazl.ZipFile; entries: number } {
  const exportedAt = iso(now);
  const included = media.filter((m) => m.included);
  const counts = {
    posts: data.posts.length,
    history: data.history.length,
    activity: data.activity.length,
    accounts: data.accounts.length,
    approvers: data.approvers.length,
    clips: data.clips.length,
    renders: data.renders.length,
    ...data.insights.counts,
    mediaFiles: media.length,
    mediaIncluded: included.length,
    mediaMissing: media.filter((m) => !m.exists).length,
  };
  const manifest = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, app: { name: 'Clipdesk', version: deps.version }, includeMedia, counts };
  const json = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');
  const docs: Array<[string, Buffer]> = [
    ['README.txt', Buffer.from(readme({ exportedAt, version: deps.version, includeMedia, counts, missing: counts.mediaMissing }).replace(/\n/g, '\r\n'), 'utf8')],
    ['manifest.json', json(manifest)],
    ['posts.json', json(data.posts)],
    ['history.json', json(data.history)],
    ['activity.json', json(data.activity)],
    ['settings.json', json(data.settings)],
    ['accounts.json', json(data.accounts)],
    ['approvers.json', json(data.approvers)],
    ['clips.json', json(data.clips)],
    ['renders.json', json(data.renders)],
    ['insights.json', json(data.insights.document)],
    ['insights-posts.csv', Buffer.from(data.insights.csv, 'utf8')],
    ['media-manifest.json', json(media)],
  ];
  const zip = new yazl.ZipFile();
  const mtime = new Date(now);
  zip.on('error', (err: Error) => (zip.outputStream as unknown as NodeJS.ReadableStream & { destroy(e: Error): void }).destroy(err));
  for (const [name, buf] of docs) zip.addBuffer(buf, name, { mtime, compress: true });
  // Videos are compressed already: stored as they are, streamed from disk by yazl.
  for (const m of included) zip.addFile(m.path, m.archivePath as string, { mtime, compress: false });
  zip.end();
  return { zip, entries: docs.length + included.length };
}

async function prepare(deps: ExportDeps, includeMedia: boolean): Promise<{ zip: yazl.ZipFile; entries: number }> {
  const now = deps.clock.now();
  const data = collect(deps, iso(now));
  const media = await mediaManifest(deps.dataDir, data.media, includeMedia);
  return buildArchive(deps, includeMedia, media, data, now);
}

/** Writes the archive to a file the person at the machine named (the CLI, the desktop's save dialog). */
export async function exportData(deps: ExportDeps, input: { outPath: string; includeMedia: boolean; replace?: boolean }): Promise<ExportResult> {
  const replace = input.replace === true;
  const target = checkOutPath(deps.dataDir, input.outPath, replace);
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(4).toString('hex')}.partial`);
  let out: fs.WriteStream | null = null;
  let entries = 0;
  try {
    const archive = await prepare(deps, input.includeMedia);
    entries = archive.entries;
    out = fs.createWriteStream(temp, { flags: 'wx', mode: 0o600 });
    await pipeline(archive.zip.outputStream, out);
    const fh = await fs.promises.open(temp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (replace) {
      await fs.promises.rename(temp, target);
    } else {
      // A link fails if the name was taken meanwhile: an existing file is never replaced unasked.
      await fs.promises.link(temp, target);
      await fs.promises.rm(temp, { force: true });
    }
  } catch (err) {
    out?.destroy();
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw writeError(err, target);
  }
  return { path: target, bytes: fs.statSync(target).size, entries };
}

/**
 * Streams the archive to a download (a browser session of the headless host, which may not
 * name a path of this machine). Resolves with what was sent; rejects if the stream failed.
 */
export async function exportToStream(deps: ExportDeps, input: { includeMedia: boolean }, out: NodeJS.WritableStream): Promise<{ bytes: number; entries: number }> {
  const archive = await prepare(deps, input.includeMedia);
  let bytes = 0;
  archive.zip.outputStream.on('data', (chunk: Buffer) => (bytes += chunk.length));
  await pipeline(archive.zip.outputStream, out);
  return { bytes, entries: archive.entries };
}
