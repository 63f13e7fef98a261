// "Delete everything" (Settings → My data, `clipdesk delete-everything`): the phrase the creator
// types to confirm, what the confirmation names as lost and as kept, and what the deletion
// reports. One module, so the window, the CLI and the core cannot disagree on any of it.
import { z } from 'zod';
import { formatBytes } from '../media/readiness';
import { PostStateSchema } from '../posts/post';
import { AT_TIKTOK_STATES, describeState, type PostState } from '../posts/lifecycle';

/** What the creator types to confirm. The core refuses anything else and touches nothing. */
export const DELETE_EVERYTHING_PHRASE = 'delete everything';

/** The answer to anything but the phrase. */
export const WRONG_PHRASE = `To delete everything, type “${DELETE_EVERYTHING_PHRASE}” exactly. Nothing was deleted.`;

/** Letter for letter; only spaces around it (a paste often brings one) are forgiven. */
export function isDeletePhrase(typed: string): boolean {
  return typed.trim() === DELETE_EVERYTHING_PHRASE;
}

const Count = z.number().int().min(0);

/** Why deleting everything leaves an entry of the data folder where it is. */
export const KEPT_REASON = {
  notClipdesks: "not Clipdesk's: left as it was",
  ownVideo: 'your video, imported by path',
  /** Said of where a link in Clipdesk's folders pointed: the link went, what it pointed to stayed. */
  linkTarget: 'a link to it was deleted; this was not',
  browserData: "the desktop window's browser data: cleared when Clipdesk starts afresh",
} as const;

/** An entry of the data folder that deleting everything leaves, with why (one of KEPT_REASON). */
export const KeptEntrySchema = z.object({ path: z.string(), reason: z.string() });
export type KeptEntry = z.infer<typeof KeptEntrySchema>;

/** What the confirmation lists, counted from the data folder as it is now. */
export const DeletePreviewSchema = z.object({
  dataDir: z.string(),
  posts: z.object({ total: Count, scheduled: Count, awaitingApproval: Count }),
  clips: z.object({
    total: Count,
    /** Imported by path: the creator's own files, which stay where they are. */
    byPath: Count,
    /** Uploaded from a browser: copies inside the data folder, deleted. */
    uploaded: Count,
  }),
  renders: Count,
  /** Connected TikTok accounts, by name. */
  accounts: z.array(z.string()),
  /**
   * Those whose tokens this Clipdesk cannot read (saved by the desktop app, read from the CLI):
   * their access cannot be revoked at TikTok from here. `why` says why, and what to do instead.
   */
  unrevocable: z.array(z.object({ account: z.string(), why: z.string() })),
  telegram: z.object({
    /** A bot token is saved. */
    configured: z.boolean(),
    /** "@name" when the bot is known; null when none is set up or it has not started. */
    bot: z.string().nullable(),
    /** Paired approvers, by name. */
    approvers: z.array(z.string()),
  }),
  activityEntries: Count,
  /** What would go from the data folder: Clipdesk's entries there by name, their files and size. */
  goes: z.object({ files: Count, bytes: Count, entries: z.array(z.string()) }),
  /** What in the data folder is not Clipdesk's, and the creator's videos imported by path from inside it: all of it stays. */
  kept: z.array(KeptEntrySchema),
  /** Posts TikTok has right now: deleting waits until TikTok has finished with them. */
  atTikTok: z.array(z.object({ id: z.string(), caption: z.string(), state: PostStateSchema })),
});
export type DeletePreview = z.infer<typeof DeletePreviewSchema>;

export const RevocationSchema = z.object({
  /** The account's name. */
  account: z.string(),
  /** Clipdesk's access was revoked at TikTok (its tokens are deleted here either way). */
  revoked: z.boolean(),
  /** What happened; when not revoked, what the creator should do in the TikTok app. */
  message: z.string(),
});
export type Revocation = z.infer<typeof RevocationSchema>;

export const DeleteEverythingResultSchema = z.object({
  dataDir: z.string(),
  tiktok: z.array(RevocationSchema),
  telegram: z.object({
    /** "@name", "your bot" when its name was not known, or null when no bot was set up. */
    bot: z.string().nullable(),
    /** Stopped, and its token deleted here. */
    stopped: z.boolean(),
    approversUnpaired: z.array(z.string()),
    /** What the creator may still want to do at Telegram; null when there was no bot. */
    message: z.string().nullable(),
  }),
  /** Files deleted from the data folder. */
  filesDeleted: Count,
  /** What was Clipdesk's but could not be deleted, with why. */
  notDeleted: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** What was left on purpose: it is not Clipdesk's. Empty, with notDeleted, when the data folder is empty. */
  kept: z.array(KeptEntrySchema),
});
export type DeleteEverythingResult = z.infer<typeof DeleteEverythingResultSchema>;

/** "1 post", "3 posts". */
function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Why deleting must wait, or null: TikTok cannot be asked to withdraw a post it already has. */
export function atTikTokProblem(posts: ReadonlyArray<{ caption: string; state: PostState }>): string | null {
  const busy = posts.filter((p) => AT_TIKTOK_STATES.includes(p.state));
  if (!busy.length) return null;
  const which = busy
    .map((p) => {
      const caption = p.caption.length > 40 ? `${p.caption.slice(0, 37).trimEnd()}…` : p.caption;
      return `${caption ? `“${caption}”` : 'A post without a caption'} is ${describeState(p.state)}`;
    })
    .join('; ');
  return `${which}. TikTok cannot take a post back once it has it, so wait until ${busy.length === 1 ? 'it is' : 'they are'} published (usually a few minutes), then delete everything.`;
}

/** What the confirmation says will be lost, one line a kind of data. */
export function whatWillBeLost(p: DeletePreview): string[] {
  const lines: string[] = [];
  if (p.posts.total) {
    const waiting = [
      p.posts.scheduled ? `${p.posts.scheduled} scheduled` : null,
      p.posts.awaitingApproval ? `${p.posts.awaitingApproval} waiting for approval` : null,
    ].filter(Boolean);
    lines.push(`${count(p.posts.total, 'post')} and their history${waiting.length ? ` — ${waiting.join(' and ')}, which will not be published` : ''}.`);
  }
  if (p.clips.total) {
    lines.push(`${count(p.clips.total, 'clip')} in the library${p.clips.uploaded ? `, with the ${count(p.clips.uploaded, 'video')} uploaded from a browser` : ''}, and their thumbnails.`);
  }
  if (p.renders) lines.push(`${count(p.renders, 'rendered video')}.`);
  const unrevocable = new Set(p.unrevocable.map((u) => u.account));
  const revocable = p.accounts.filter((a) => !unrevocable.has(a));
  if (revocable.length) {
    lines.push(`Your TikTok ${revocable.length === 1 ? 'account' : 'accounts'} ${names(revocable)}: Clipdesk's access is revoked at TikTok and the tokens are deleted.`);
  }
  for (const u of p.unrevocable) {
    lines.push(`Your TikTok account ${u.account}: its tokens are deleted, but Clipdesk cannot read them here, so its access will not be revoked at TikTok. ${u.why}`);
  }
  if (p.telegram.configured || p.telegram.approvers.length) {
    const bot = p.telegram.bot ? `Your Telegram bot ${p.telegram.bot}` : 'Your Telegram bot';
    lines.push(
      p.telegram.approvers.length
        ? `${bot} and its ${p.telegram.approvers.length === 1 ? 'approver' : 'approvers'} ${names(p.telegram.approvers)}: the bot stops, its token is forgotten and they are unpaired.`
        : `${bot}: it stops and its token is forgotten.`,
    );
  }
  // Not "with the key": on the desktop that key is in the OS's keychain, which is not the data folder's.
  lines.push(`The activity log (${count(p.activityEntries, 'entry', 'entries')}), your settings and every saved secret.`);
  // By name and size, in case the data folder is not the one the creator thinks it is.
  if (p.goes.files) lines.push(`From ${p.dataDir}: ${count(p.goes.files, 'file')} (${formatBytes(p.goes.bytes)}) in ${names(p.goes.entries)}.`);
  return lines;
}

/** `file` as named inside `dataDir` ("Projects/a.mp4"), or whole when it is elsewhere. */
export function inDataFolder(dataDir: string, file: string): string {
  const sep = file.charAt(dataDir.length);
  return file.startsWith(dataDir) && (sep === '/' || sep === '\\') ? file.slice(dataDir.length + 1) : file;
}

/** What the confirmation says stays: nothing outside the data folder is touched, nor anything in it that is not Clipdesk's. */
export function whatStays(p: DeletePreview): string[] {
  const browser = p.kept.filter((k) => k.reason === KEPT_REASON.browserData);
  const kept = p.kept.filter((k) => k.reason !== KEPT_REASON.browserData).map((k) => inDataFolder(p.dataDir, k.path));
  // A long list is cut: a data folder that is also a home folder would fill the dialog.
  const shown = kept.length > 6 ? [...kept.slice(0, 5), `${kept.length - 5} more`] : kept;
  return [
    ...(browser.length ? ["The desktop window's own browser data (its cache and stored settings): cleared when Clipdesk starts afresh."] : []),
    ...(p.clips.byPath
      ? [`Your own ${p.clips.byPath === 1 ? 'video' : 'videos'} (${count(p.clips.byPath, 'clip')} imported from where ${p.clips.byPath === 1 ? 'it is' : 'they are'}): Clipdesk only pointed at them.`]
      : []),
    ...(kept.length ? [`What is in ${p.dataDir} but not Clipdesk's: ${names(shown)}.`] : []),
    'Exports and videos you saved outside the data folder.',
    'Posts already on TikTok: delete them in the TikTok app if you want them gone.',
  ];
}
