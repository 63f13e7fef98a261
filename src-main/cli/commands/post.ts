// `clipdesk post FILE --caption TEXT --privacy LEVEL [...] [--wait]`: import the file, render it
// first when it is not TikTok-ready as it is, create the post (checked against TikTok's rules
// with fresh creator info, like the composer), and with --wait follow it to the end: exit 0
// only when it is published.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_RECIPE } from '../../../src-shared/media/media-info';
import { isApprovalHeld } from '../../../src-shared/posts/missed-post';
import type { PostSummary } from '../../../src-shared/posts/post';
import { isFinished } from '../../../src-shared/posts/post-actions';
import { PRIVACY_LEVELS, type PrivacyLevel, type TikTokPostSettings } from '../../../src-shared/tiktok/post-settings';
import { CliError } from '../cli-error';
import { resolveAccount } from '../account-arg';
import { openApiSession, type ApiSession } from '../api-session';

type Values = Record<string, string | boolean | undefined>;
const usage = (m: string): CliError => new CliError(`clipdesk post: ${m}`, 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** TikTok's names, or the words people use for them. */
const PRIVACY_ALIASES: Record<string, PrivacyLevel> = {
  public: 'PUBLIC_TO_EVERYONE',
  everyone: 'PUBLIC_TO_EVERYONE',
  friends: 'MUTUAL_FOLLOW_FRIENDS',
  followers: 'FOLLOWER_OF_CREATOR',
  private: 'SELF_ONLY',
  'only-me': 'SELF_ONLY',
  'self-only': 'SELF_ONLY',
};

export function parsePrivacy(text: string): PrivacyLevel {
  const upper = text.trim().toUpperCase();
  if ((PRIVACY_LEVELS as readonly string[]).includes(upper)) return upper as PrivacyLevel;
  const alias = PRIVACY_ALIASES[text.trim().toLowerCase()];
  if (alias) return alias;
  throw usage(`--privacy takes ${PRIVACY_LEVELS.join(', ')} (or public, friends, followers, only-me), not "${text}".`);
}

export function settingsFromOptions(values: Values): TikTokPostSettings {
  const mode = values.mode ?? 'direct';
  if (mode !== 'direct' && mode !== 'inbox') throw usage(`--mode takes direct or inbox, not "${String(mode)}".`);
  if (mode === 'direct' && typeof values.privacy !== 'string') {
    throw usage('--privacy is required for Direct Post: TikTok asks the creator to choose who can see each video (no default).');
  }
  return {
    mode,
    privacy: typeof values.privacy === 'string' ? parsePrivacy(values.privacy) : null,
    allowComment: values['allow-comment'] === true,
    allowDuet: values['allow-duet'] === true,
    allowStitch: values['allow-stitch'] === true,
    brandOrganic: false,
    brandContent: false,
    coverTimestampMs: null,
  };
}

export function parseAt(text: string | undefined): 'now' | string {
  if (text === undefined) return 'now';
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) throw usage(`--at needs a time with its zone, e.g. 2026-12-01T18:00:00+01:00 or …Z (got "${text}").`);
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw usage(`--at "${text}" is not a time.`);
  return new Date(ms).toISOString();
}

async function pickAccount(session: ApiSession, wanted: string | undefined): Promise<string> {
  if (wanted) return (await resolveAccount(session, wanted, 'clipdesk post')).id;
  const accounts = await session.call('accounts.list', {});
  if (accounts.length === 1) return (accounts[0] as (typeof accounts)[number]).id;
  if (!accounts.length) throw new CliError('clipdesk post: no TikTok account is connected. Run: clipdesk accounts connect tiktok');
  throw new CliError(`clipdesk post: several accounts are connected; choose one with --account (${accounts.map((a) => a.username ?? a.id).join(', ')}).`);
}

/** Import (or find) the file and return a clip id that is usable, with whether it needs a render. */
async function importFile(session: ApiSession, file: string): Promise<{ clipId: string; fits: boolean }> {
  const result = await session.call('library.import', { paths: [file] });
  const first = result.added[0] ?? result.duplicates[0];
  if (!first) throw new CliError(`clipdesk post: ${result.skipped[0]?.reason ?? 'the file could not be imported.'}`);
  let clip = first;
  while (clip.state === 'importing') {
    await sleep(200);
    clip = await session.call('library.get', { id: clip.id });
  }
  if (clip.state !== 'ready' || !clip.readiness) throw new CliError(`clipdesk post: ${clip.error ?? `${clip.fileName} cannot be used.`}`);
  if (clip.readiness.verdict === 'unusable') throw new CliError(`clipdesk post: ${clip.fileName} cannot become a TikTok video: ${clip.readiness.reasons.join(' ')}`);
  return { clipId: clip.id, fits: clip.readiness.verdict === 'fits' };
}

async function renderFirst(session: ApiSession, clipId: string): Promise<string> {
  say('Not TikTok-ready as it is: rendering it first (1080×1920 H.264/AAC)…');
  let render = await session.call('render.start', { clipId, recipe: DEFAULT_RECIPE });
  let shown = -1;
  while (render.state === 'queued' || render.state === 'running') {
    await sleep(300);
    render = (await session.call('render.list', { clipId, limit: 20 })).find((r) => r.id === render.id) ?? render;
    const pct = Math.floor((render.progress ?? 0) * 10) * 10;
    if (pct !== shown) say(`  rendering ${pct} %`);
    shown = pct;
  }
  if (render.state !== 'succeeded') throw new CliError(`clipdesk post: the render ${render.state}: ${render.error ?? ''}`);
  return render.id;
}

function describeProgress(p: PostSummary): string {
  const pub = p.publish;
  if (p.state === 'uploading' && pub && pub.totalBytes > 0) return `uploading ${Math.floor((100 * pub.uploadedBytes) / pub.totalBytes)} %`;
  if (p.state === 'awaiting_approval') return isApprovalHeld(p) ? 'held: nobody approved by its time (approving publishes it at once)' : 'waiting for approval';
  return pub?.detail ?? p.state;
}

export async function postCommand(dataDir: string, file: string, values: Values): Promise<number> {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new CliError(`clipdesk post: no such file: ${file}`);
  if (typeof values.caption !== 'string') throw usage('--caption is required (use --caption "" for none).');
  const tiktok = settingsFromOptions(values);
  const publishAt = parseAt(typeof values.at === 'string' ? values.at : undefined);
  const wait = values.wait === true;

  const session = await openApiSession(dataDir, { runJobs: true });
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  process.once('SIGINT', onInterrupt);
  try {
    const accountId = await pickAccount(session, typeof values.account === 'string' ? values.account : undefined);
    const { clipId, fits } = await importFile(session, abs);
    const source = fits ? { clipId } : { renderId: await renderFirst(session, clipId) };
    // Without --wait and without a running Clipdesk, this command must not start an upload it
    // would abandon on exit: the post is queued for Clipdesk to publish when it runs.
    if (!wait) await session.stopJobs?.();
    let post = await session.call('posts.create', { ...source, accountId, caption: values.caption, tiktok, publishAt });
    say(`Post ${post.id} for ${post.accountName ?? 'TikTok'} — ${tiktok.mode === 'inbox' ? 'to the TikTok inbox' : 'Direct Post'} at ${post.scheduledAt ?? 'once ready'}.`);
    if (post.state === 'awaiting_approval') say('Approval is required: it waits for a go-ahead in the app (Approvals) or on Telegram before anything is sent.');
    if (!wait) {
      if (session.via === 'local') say('Clipdesk is not running: the post goes out when Clipdesk runs (the app, or clipdesk serve), at its time.');
      process.stdout.write(`${values.json ? JSON.stringify(post) : post.id}\n`);
      return 0;
    }
    let last = '';
    while (!isFinished(post.state)) {
      if (interrupted) {
        say(`Stopped waiting. The post is ${post.state}; ${session.via === 'local' ? 'it continues when Clipdesk runs.' : 'Clipdesk carries on with it.'}`);
        return 130;
      }
      await sleep(300);
      post = await session.call('posts.get', { id: post.id });
      const line = describeProgress(post);
      if (line !== last) say(`  ${line}`);
      last = line;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(post)}\n`);
    if (post.state === 'published') {
      const inbox = post.publish?.phase === 'inbox';
      if (!values.json) process.stdout.write(`${inbox ? 'Sent to your TikTok inbox — open TikTok to finish posting.' : `Published${post.publish?.postUrl ? `: ${post.publish.postUrl}` : ' (not public, so TikTok gives no link).'}`}\n`);
      return 0;
    }
    const failure = post.publish?.failure;
    say(`The post ${post.state}${failure ? `: ${failure.message}${failure.retryable ? ' (retrying can help: clipdesk post again, or Retry in the app)' : ''}` : '.'}`);
    return 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    await session.close();
  }
}
