// The API contract: every command the UI (or the CLI) may ask of the core, and every event
// the core pushes. Defined once here; the Electron IPC transport, the WebSocket host, the
// preload bridge and the renderer's `api` object are all derived from it, and a type-level
// test (test/unit/contract.test-d.ts) proves each serves exactly these commands.
import { z } from 'zod';
import {
  ActivityEntrySchema,
  AppInfoSchema,
  CapabilitySchema,
  DoctorCheckSchema,
  JobStateSchema,
  JobSummarySchema,
  PostStateSchema,
  PostSummarySchema,
} from './domain';
import { ClipRemovedSchema, ClipSchema, ClipStateSchema, ImportResultSchema, RenderSchema } from './media/library';
import { AssetNameSchema, RenderRecipeSchema } from './media/media-info';
import { AccountSchema, ConnectStartSchema, TikTokSetupSchema } from './tiktok/accounts';
import { CreatorStatusSchema, TikTokPostSettingsSchema } from './tiktok/post-settings';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { ApprovalSchema } from './posts/approval';
import { DataSummarySchema } from './data/data-summary';
import { DeleteEverythingResultSchema, DeletePreviewSchema } from './data/delete-everything';
import { TimelineStepSchema } from './posts/timeline';
import { SETTLE_OUTCOMES } from './posts/settle';
import { SpreadInputSchema, SpreadResultSchema } from './schedule/spread';
import { ApproverSchema, PairingStartSchema, TelegramStatusSchema } from './telegram/telegram';
import { TimeZoneSchema } from './time/time-schemas';
import type { CallContext } from './caller';
import { PostCountSchema, PostFilterSchema, PostPageSchema, PostSearchSchema } from './posts/post-search';
import { InsightsSchema, PostInsightsSchema, PostNumbersSchema, RefreshProgressSchema, RefreshResultSchema } from './insights/insights';

/** A command: the schema its input must pass, and the schema of what it returns. */
interface CommandSpec<I extends z.ZodType, R extends z.ZodType> {
  input: I;
  result: R;
  /** One line for `--help`-style listings and for people reading the contract. */
  summary: string;
}
/**
 * A long call that tells its caller something before it ends (the consent page to open, the
 * pairing link to show): one cancellable call instead of a start/wait/cancel trio
 * (docs/architecture.md §1, "Cancellable calls").
 */
interface ProgressCommandSpec<I extends z.ZodType, R extends z.ZodType, P extends z.ZodType> extends CommandSpec<I, R> {
  progress: P;
}
function command<I extends z.ZodType, R extends z.ZodType, P extends z.ZodType>(spec: ProgressCommandSpec<I, R, P>): ProgressCommandSpec<I, R, P>;
function command<I extends z.ZodType, R extends z.ZodType>(spec: CommandSpec<I, R>): CommandSpec<I, R>;
function command(spec: CommandSpec<z.ZodType, z.ZodType>): CommandSpec<z.ZodType, z.ZodType> {
  return spec;
}

const Empty = z.object({}).strict();

/** Which activity entries: words to search for, action prefixes ('post.', 'telegram.'…), actor, and a time range. */
const ActivityFilterSchema = z.object({
  query: z.string().max(200).optional(),
  actions: z.array(z.string().min(1).max(64)).max(20).optional(),
  actor: z.string().min(1).max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
const Id = z.string().min(1).max(64);

export const commands = {
  'app.info': command({ input: Empty, result: AppInfoSchema, summary: 'Version, mode and data folder' }),
  'app.capabilities': command({
    input: Empty,
    result: z.array(CapabilitySchema),
    summary: 'Which capabilities are built, in plain words',
  }),
  'app.doctor': command({
    input: Empty,
    result: z.array(DoctorCheckSchema),
    summary: 'Checks of ffmpeg, secret storage, the data folder and connections',
  }),
  'settings.get': command({ input: Empty, result: SettingsSchema, summary: 'Current settings' }),
  'settings.update': command({ input: SettingsPatchSchema, result: SettingsSchema, summary: 'Change settings' }),
  'posts.list': command({
    input: z
      .object({ states: z.array(PostStateSchema).max(20).optional(), limit: z.number().int().min(1).max(1000).optional() })
      .strict(),
    result: z.array(PostSummarySchema),
    summary: 'Posts, newest first (at most 1,000; posts.search pages through every one)',
  }),
  'posts.search': command({
    input: PostSearchSchema,
    result: PostPageSchema,
    summary: 'Search posts by caption, account, state and date range: one page (≤ 200) with the next page\'s cursor and the total',
  }),
  'posts.count': command({
    input: PostFilterSchema,
    result: PostCountSchema,
    summary: 'How many posts match a filter (caption, account, state, date range), and how many of them are held and why',
  }),
  'activity.list': command({
    input: ActivityFilterSchema.extend({
      beforeId: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }).strict(),
    result: z.array(ActivityEntrySchema),
    summary: 'The activity log, newest first, searchable and filtered',
  }),
  'activity.search': command({
    input: ActivityFilterSchema.extend({
      /** The `nextCursor` of the page before, with the same filter; opaque. */
      cursor: z.string().min(1).max(128).optional(),
      limit: z.number().int().min(1).max(200).optional(),
    }).strict(),
    result: z.object({ entries: z.array(ActivityEntrySchema), nextCursor: z.string().nullable(), total: z.number().int() }),
    summary: 'The activity log, newest first, searched and filtered: one page (≤ 200) with the next page\'s cursor and the total',
  }),
  'activity.exportCsv': command({
    input: ActivityFilterSchema.strict(),
    result: z.object({ csv: z.string(), rows: z.number().int() }),
    summary: 'The activity log (as filtered) as CSV, oldest first; never contains a secret',
  }),
  'jobs.list': command({
    input: z.object({ states: z.array(JobStateSchema).max(5).optional() }).strict(),
    result: z.array(JobSummarySchema),
    summary: 'Background jobs (renders, uploads, sends)',
  }),
  'jobs.cancel': command({ input: z.object({ id: Id }).strict(), result: JobSummarySchema, summary: 'Cancel a job' }),
  'jobs.retry': command({
    input: z.object({ id: Id }).strict(),
    result: JobSummarySchema,
    summary: 'Retry a failed or cancelled job',
  }),
  'library.import': command({
    input: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }).strict(),
    result: ImportResultSchema,
    summary: 'Import video files or folders into the library (each appears at once, then is probed)',
  }),
  'library.list': command({
    input: z
      .object({
        query: z.string().max(200).optional(),
        states: z.array(ClipStateSchema).max(5).optional(),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    result: z.object({ clips: z.array(ClipSchema), total: z.number().int() }),
    summary: 'Clips, newest first, searchable and filtered by state',
  }),
  'assets.add': command({
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    result: z.object({ asset: AssetNameSchema, fileName: z.string() }),
    summary: 'Keep an image picked on this computer (a watermark) as an asset a recipe can name; not open to browser sessions, which upload it',
  }),
  'library.get': command({ input: z.object({ id: Id }).strict(), result: ClipSchema, summary: 'One clip' }),
  'library.remove': command({
    input: z.object({ id: Id }).strict(),
    result: z.object({ removed: z.literal(true) }),
    summary: 'Remove a clip from the library (the source file is not touched)',
  }),
  'render.start': command({
    input: z.object({ clipId: Id, recipe: RenderRecipeSchema }).strict(),
    result: RenderSchema,
    summary: 'Queue a render of a clip with a recipe',
  }),
  'render.list': command({
    input: z.object({ clipId: Id.optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    result: z.array(RenderSchema),
    summary: 'Renders, newest first',
  }),
  'render.cancel': command({ input: z.object({ id: Id }).strict(), result: RenderSchema, summary: 'Cancel a render' }),
  'render.retry': command({ input: z.object({ id: Id }).strict(), result: RenderSchema, summary: 'Retry a failed or cancelled render' }),
  'tiktok.setup.get': command({
    input: Empty,
    result: TikTokSetupSchema,
    summary: "Your TikTok developer app: client key, whether a secret is saved, the redirect URI and scopes to register",
  }),
  'tiktok.setup.set': command({
    input: z
      .object({
        clientKey: z.string().trim().min(1).max(128),
        /** Omitted keeps the saved secret: the secret is never shown again, only replaced. */
        clientSecret: z.string().trim().min(1).max(256).optional(),
      })
      .strict(),
    result: TikTokSetupSchema,
    summary: "Save your TikTok developer app's client key and secret (the secret is stored encrypted)",
  }),
  'tiktok.creatorInfo': command({
    input: z.object({ accountId: Id }).strict(),
    result: CreatorStatusSchema,
    summary: 'What this creator may post right now, fetched fresh from TikTok',
  }),
  'accounts.list': command({ input: Empty, result: z.array(AccountSchema), summary: 'Connected TikTok accounts' }),
  'accounts.connect': command({
    input: Empty,
    result: AccountSchema,
    progress: ConnectStartSchema,
    summary:
      "Connect a TikTok account: opens TikTok's consent page in the system browser (told as progress), waits for the creator there and resolves with the account; cancelling the call closes the local callback listener",
  }),
  'accounts.disconnect': command({
    input: z.object({ id: Id }).strict(),
    result: z.object({ revoked: z.boolean(), message: z.string() }),
    summary: "Disconnect an account: revoke Clipdesk's access at TikTok and delete its tokens here at once",
  }),
  'posts.create': command({
    input: z
      .object({
        /** A finished render to post… */
        renderId: Id.optional(),
        /** …or a clip that is TikTok-ready as it is. */
        clipId: Id.optional(),
        accountId: Id,
        caption: z.string().max(4000),
        tiktok: TikTokPostSettingsSchema,
        /** 'now', or an ISO time for the scheduler; sent only after the creator's explicit Post click. */
        publishAt: z.union([z.literal('now'), z.iso.datetime({ offset: true })]),
      })
      .strict()
      .refine((p) => (p.renderId === undefined) !== (p.clipId === undefined), { message: 'Give either renderId or clipId.' }),
    result: PostSummarySchema,
    summary: 'Create a TikTok post from a finished render and schedule it (now or at a time)',
  }),
  'posts.get': command({ input: z.object({ id: Id }).strict(), result: PostSummarySchema, summary: 'One post with its publish progress' }),
  'posts.retry': command({
    input: z.object({ id: Id }).strict(),
    result: PostSummarySchema,
    summary: 'Try a failed post again (refused when TikTok may already have it)',
  }),
  'posts.reschedule': command({
    input: z.object({ id: Id, at: z.iso.datetime({ offset: true }) }).strict(),
    result: PostSummarySchema,
    summary: 'Move a scheduled post (or one held for missing its time) to another time',
  }),
  'posts.spread': command({
    input: SpreadInputSchema,
    result: SpreadResultSchema,
    summary: "Spread several finished videos over daily posting slots for one account (preview, then create), skipping days at TikTok's cap",
  }),
  'posts.timeline': command({
    input: z.object({ id: Id }).strict(),
    result: z.array(TimelineStepSchema),
    summary: "A post's history: rendered, approved by whom, uploaded, processing, published — oldest first",
  }),
  'posts.publishNow': command({
    input: z.object({ id: Id }).strict(),
    result: PostSummarySchema,
    summary: 'Publish now a scheduled post, e.g. one held because it missed its time while Clipdesk was closed',
  }),
  'posts.delete': command({
    input: z.object({ id: Id, deleteMedia: z.boolean() }).strict(),
    result: z.object({ deleted: z.literal(true), filesDeleted: z.number().int() }),
    summary: 'Delete a post that is not publishing (and, if asked, its rendered and imported files)',
  }),
  'data.summary': command({
    input: Empty,
    result: DataSummarySchema,
    summary: 'What Clipdesk stores and where, in plain words, with counts and sizes',
  }),
  'data.export': command({
    input: z
      .object({
        /**
         * Where to write the zip: a full path, given by the terminal (the CLI). The desktop window
         * sends none and the main process asks with its save dialog; a browser session of the
         * host may not name a path at all and downloads the zip instead (GET /export).
         */
        outPath: z.string().min(1).max(4096).optional(),
        /** Replace a file already at outPath (the CLI's --force); never otherwise. */
        replace: z.boolean().optional(),
        includeMedia: z.boolean(),
      })
      .strict(),
    /** A save dialog closed without a choice fails with CANCELLED: nothing was written. */
    result: z.object({ path: z.string(), bytes: z.number().int(), entries: z.number().int() }),
    summary: 'Export everything (posts, history, activity, settings without secrets, a media manifest, media optional) as one zip of documented JSON',
  }),
  'data.deletePreview': command({
    input: Empty,
    result: DeletePreviewSchema,
    summary: 'What "delete everything" would delete (posts, clips, renders, accounts, approvers, the activity log) and what stays',
  }),
  'data.deleteEverything': command({
    input: z.object({ confirm: z.string().max(200) }).strict(),
    result: DeleteEverythingResultSchema,
    summary:
      'Revoke every TikTok account, unpair Telegram and empty the data folder; `confirm` must be the phrase the creator typed. Clipdesk stops afterwards',
  }),
  'posts.cancel': command({
    input: z.object({ id: Id }).strict(),
    result: PostSummarySchema,
    summary: 'Cancel a post that has not started uploading',
  }),
  'posts.settle': command({
    input: z
      .object({
        id: Id,
        /** What the creator saw on their TikTok profile. */
        outcome: z.enum(SETTLE_OUTCOMES),
        /** Their own words, kept in the activity log. */
        note: z.string().max(500).optional(),
      })
      .strict(),
    result: PostSummarySchema,
    summary:
      'Mark published or failed a post whose upload TikTok has but whose result Clipdesk cannot learn (account gone or to reconnect, no answer, stopped asking); recorded with who said so. Nothing is sent again',
  }),
  'telegram.status': command({
    input: Empty,
    result: TelegramStatusSchema,
    summary: 'The Telegram bot: which one, whether it listens, and the paired approvers',
  }),
  'telegram.setup': command({
    input: z
      .object({
        /** From @BotFather: <digits>:<35 characters>. Checked with getMe, then stored encrypted. */
        token: z
          .string()
          .trim()
          .regex(/^\d{3,15}:[A-Za-z0-9_-]{30,60}$/, "That does not look like a bot token from @BotFather (it looks like 123456789:AAE…)."),
      })
      .strict(),
    result: TelegramStatusSchema,
    summary: 'Save a bot token made with @BotFather (checked with Telegram, stored encrypted) and start the bot',
  }),
  'telegram.takeOverWebhook': command({
    input: Empty,
    result: TelegramStatusSchema,
    summary: 'Let Clipdesk take the bot over from the webhook another program set (that program stops getting updates)',
  }),
  'telegram.remove': command({
    input: Empty,
    result: TelegramStatusSchema,
    summary: 'Stop the bot, forget its token and unpair every approver',
  }),
  'telegram.pair': command({
    input: Empty,
    result: ApproverSchema,
    progress: PairingStartSchema,
    summary:
      'Pair a phone: a one-time t.me link (and QR code), told as progress, that pairs the chat it is opened in; resolves with the new approver. Cancelling the call withdraws the link',
  }),
  'telegram.approvers.update': command({
    input: z.object({ id: Id, canApprove: z.boolean().optional(), timeZone: TimeZoneSchema.optional() }).strict(),
    result: ApproverSchema,
    summary: "Change whether an approver may decide, or the time zone their messages use",
  }),
  'telegram.approvers.remove': command({
    input: z.object({ id: Id }).strict(),
    result: z.object({ removed: z.literal(true) }),
    summary: 'Unpair an approver (they get no more requests; their buttons stop working)',
  }),
  'approvals.list': command({
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    result: z.array(ApprovalSchema),
    summary: 'Approvals: waiting ones first (oldest first), then recent decisions',
  }),
  'approvals.decide': command({
    input: z.object({ postId: Id, decision: z.enum(['approve', 'reject']) }).strict(),
    result: ApprovalSchema,
    summary: 'Approve or reject a post waiting for approval (the same rule and record as on Telegram)',
  }),
  'approvals.reschedule': command({
    input: z.object({ postId: Id, at: z.iso.datetime({ offset: true }) }).strict(),
    result: ApprovalSchema,
    summary: 'Move a post waiting for approval to another time (it still needs the approval)',
  }),
  'approvals.editCaption': command({
    input: z.object({ postId: Id, caption: z.string().max(4000) }).strict(),
    result: ApprovalSchema,
    summary: "Change the caption of a post waiting for approval (checked against TikTok's limit)",
  }),
  'insights.get': command({
    input: z
      .object({
        accountId: Id.optional(),
        /** Posts published in this range (ISO with offset), inclusive. */
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        /** Each post's snapshots too (the CLI's --json; the UI asks per post). */
        series: z.boolean().optional(),
      })
      .strict(),
    result: InsightsSchema,
    summary: "Insights: each account's followers, likes and videos over time, and each post's numbers (views at 1 h / 24 h / 7 d, engagement), Clipdesk's and those made outside it",
  }),
  'insights.post': command({
    input: z.object({ key: z.string().min(1).max(100) }).strict(),
    result: PostInsightsSchema,
    summary: "One post's numbers with its snapshots over time (key from insights.get, or post:<post id>)",
  }),
  'insights.numbers': command({
    input: z.object({ postIds: z.array(Id).max(500) }).strict(),
    result: z.record(z.string(), PostNumbersSchema),
    summary: 'The latest numbers of these published posts, for History (posts without any are left out)',
  }),
  'insights.refresh': command({
    input: z.object({ accountId: Id.optional() }).strict(),
    result: RefreshResultSchema,
    progress: RefreshProgressSchema,
    summary: "Read every account's (or one account's) numbers from TikTok now, whatever is due",
  }),
} as const;

export const events = {
  'activity.appended': ActivityEntrySchema,
  'jobs.changed': JobSummarySchema,
  'posts.changed': PostSummarySchema,
  'settings.changed': SettingsSchema,
  'clips.changed': ClipSchema,
  'clips.removed': ClipRemovedSchema,
  'renders.changed': RenderSchema,
  'accounts.changed': AccountSchema,
  'accounts.removed': z.object({ id: z.string() }),
  'telegram.changed': TelegramStatusSchema,
  'approvals.changed': ApprovalSchema,
  /** New numbers for an account's Insights (a snapshot ran): views ask again. */
  'insights.changed': z.object({ accountId: z.string() }),
  /** Everything was deleted: every window shows the result, and this Clipdesk stops. */
  'data.deletedEverything': DeleteEverythingResultSchema,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandResult<K extends CommandName> = z.output<Commands[K]['result']>;
/** What a long call tells its caller before it ends; `never` for a command that tells nothing. */
export type CommandProgress<K extends CommandName> = Commands[K] extends { progress: infer P extends z.ZodType } ? z.output<P> : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

/**
 * What the core implements: one async function a command, given the parsed input and its caller.
 * Transports always pass the caller (routes.ts); a call made by code in the same process
 * without one (the CLI's own commands, tests) is the terminal's — see `inProcess` in the core.
 */
export type Handlers = {
  [K in CommandName]: (input: z.output<Commands[K]['input']>, ctx?: CallContext<CommandProgress<K>>) => Promise<CommandResult<K>>;
};

/** How a client calls: a signal that cancels this one call, and where its progress goes. */
export interface CallOptions<K extends CommandName> {
  /**
   * Aborting it sends the transport's cancel message for this call: the core aborts the
   * handler's `ctx.signal`, and the call rejects at once with CANCELLED.
   */
  signal?: AbortSignal;
  /** What the call tells on the way (CommandProgress), before it resolves. */
  onProgress?: (payload: CommandProgress<K>) => void;
}

/** What the UI (and the CLI) holds: `api.call('posts.list', {...})` plus typed event subscription. */
export interface Api {
  call<K extends CommandName>(name: K, input: CommandInput<K>, options?: CallOptions<K>): Promise<CommandResult<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}
