// "Delete everything" (issue: My data): revoke every TikTok account, unpair Telegram, close the
// core and delete what Clipdesk keeps in the data folder (wipe-data-folder.ts: what is not
// Clipdesk's there stays, and is named), so that nothing it kept of the creator's is left. Refused while
// TikTok has a post (it cannot be taken back). Failures to tell TikTok or Telegram do not stop
// the wipe: they are reported with what to do. Once it has begun, every other command is refused,
// and once it is done this core is closed for good: the shell decides what happens next.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { CallContext } from '../../../src-shared/caller';
import type { CommandName, Handlers } from '../../../src-shared/contract';
import {
  atTikTokProblem,
  isDeletePhrase,
  type DeleteEverythingResult,
  type DeletePreview,
  type Revocation,
  WRONG_PHRASE,
} from '../../../src-shared/data/delete-everything';
import { AT_TIKTOK_STATES, type PostState } from '../../../src-shared/posts/lifecycle';
import type { Account } from '../../../src-shared/tiktok/accounts';
import { redact } from '../audit/redact';
import type { EventBus } from '../event-bus';
import type { JobRunner } from '../jobs/job-runner';
import type { Db } from '../store/database';
import { approverLabel } from '../approvals/approver-repo';
import type { TelegramService } from '../telegram/telegram-service';
import { TIKTOK_REMOVE_ACCESS, type AccountsService } from '../tiktok/accounts-service';
import { fileIdentity, realish } from '../instance/data-files';
import { keptByWipe, wipeDataFolder, wipeSize } from './wipe-data-folder';

export interface DeleteEverythingDeps {
  dataDir: string;
  db: Db;
  /** Only the process holding the data-folder lock may delete from it: another may be using it. */
  holdsDataFolder: boolean;
  /** The job runner was started: it is stopped before anything is deleted, and started again if the deletion is refused. */
  runsJobs: boolean;
  jobs: JobRunner;
  accounts: AccountsService;
  telegram: TelegramService;
  bus: EventBus;
  /** Closes the core: consent listeners, the bot, the job runner and the database. */
  closeCore: () => Promise<void>;
}

type Phase = 'open' | 'deleting' | 'deleted';

/** How long the wipe waits for commands that were under way when it began. */
const RUNNING_GRACE_MS = 10_000;

const count = (db: Db, sql: string, ...args: unknown[]): number => (db.prepare(sql).get(...args) as { n: number }).n;

export class DeleteEverything {
  private phase: Phase = 'open';
  /** Commands under way: the wipe waits for them, or a file one writes at its end would outlive it. */
  private readonly running = new Set<Promise<unknown>>();
  constructor(private readonly deps: DeleteEverythingDeps) {}

  async preview(): Promise<DeletePreview> {
    const { db } = this.deps;
    const telegram = this.deps.telegram.status();
    const accounts = this.deps.accounts.list();
    const unreadable = await Promise.all(accounts.map(async (a) => ({ account: a.displayName, why: await this.deps.accounts.unreadableToken(a.id) })));
    const ownVideos = this.ownVideos();
    return {
      dataDir: this.deps.dataDir,
      posts: {
        total: count(db, 'SELECT COUNT(*) AS n FROM posts'),
        scheduled: count(db, "SELECT COUNT(*) AS n FROM posts WHERE state = 'scheduled'"),
        awaitingApproval: count(db, "SELECT COUNT(*) AS n FROM posts WHERE state = 'awaiting_approval'"),
      },
      clips: {
        total: count(db, 'SELECT COUNT(*) AS n FROM clips'),
        byPath: count(db, "SELECT COUNT(*) AS n FROM clips WHERE origin = 'path'"),
        uploaded: count(db, "SELECT COUNT(*) AS n FROM clips WHERE origin = 'upload'"),
      },
      renders: count(db, 'SELECT COUNT(*) AS n FROM render_jobs'),
      accounts: accounts.map((a) => a.displayName),
      unrevocable: unreadable.filter((u): u is { account: string; why: string } => u.why !== null),
      telegram: {
        configured: telegram.state !== 'off',
        bot: telegram.bot ? `@${telegram.bot.username}` : null,
        approvers: telegram.approvers.map(approverLabel),
      },
      activityEntries: count(db, 'SELECT COUNT(*) AS n FROM audit_entries'),
      goes: wipeSize(this.deps.dataDir, ownVideos),
      kept: keptByWipe(this.deps.dataDir, ownVideos),
      atTikTok: this.postsAtTikTok(),
    };
  }

  /** Every command but this one is refused once deleting began (the data it would use is going); those already under way are waited for. */
  guard(handlers: Handlers): Handlers {
    const guarded = {} as Record<CommandName, (input: unknown, ctx?: CallContext) => Promise<unknown>>;
    for (const name of Object.keys(handlers) as CommandName[]) {
      const handler = handlers[name] as (input: unknown, ctx?: CallContext) => Promise<unknown>;
      guarded[name] =
        name === 'data.deleteEverything'
          ? handler
          : async (input, ctx) => this.asCommand(() => handler(input, ctx));
    }
    return guarded as unknown as Handlers;
  }

  /**
   * Runs `work` as a command: refused (thrown at once) once deleting began, and otherwise counted
   * among the commands under way that the wipe waits for. For work that does not come through
   * the handlers: a browser upload.
   */
  asCommand<T>(work: () => Promise<T>): Promise<T> {
    this.refuseUnlessOpen();
    const running = work();
    this.running.add(running);
    const done = (): void => void this.running.delete(running);
    running.then(done, done);
    return running;
  }

  /** `actor`, who asked, is who the last entries (accounts revoked, bot removed) name before the log goes too. */
  async run(confirm: string, actor: string): Promise<DeleteEverythingResult> {
    if (!isDeletePhrase(confirm)) {
      throw new AppError('BAD_INPUT', WRONG_PHRASE);
    }
    this.refuseUnlessOpen();
    if (!this.deps.holdsDataFolder) {
      throw new AppError('UNAVAILABLE', 'Only the Clipdesk that runs on this data folder (the desktop app or `clipdesk serve`) can delete everything. Nothing was deleted.');
    }
    // A data folder that is a home folder or a disk's root was set by mistake (`--data ~`):
    // folders there named like Clipdesk's (assets, uploads…) are far more likely the creator's.
    if (isHomeOrRoot(this.deps.dataDir)) {
      throw new AppError('BAD_INPUT', `${this.deps.dataDir} is a home folder or a disk's root, not a place Clipdesk would keep its data; Clipdesk will not delete anything there. Nothing was deleted.`);
    }
    this.refuseWhileAtTikTok();
    this.phase = 'deleting';
    if (this.deps.runsJobs) {
      try {
        // Nothing new starts (no render, upload or send); then ask again, since a publish may
        // have begun uploading between the first check and the stop.
        await this.deps.jobs.stop();
        this.refuseWhileAtTikTok();
      } catch (err) {
        this.phase = 'open';
        this.deps.jobs.start();
        throw err;
      }
    }

    // From here on, nothing stops the wipe: what fails is reported with what to do.
    // A TikTok consent finishing now, or a bot being set up, would add what the steps below have
    // already read: stop the consent listeners, and let commands under way end, first.
    this.deps.accounts.closeAll();
    await settled(new Set([...this.running, ...this.deps.accounts.inFlight()]), RUNNING_GRACE_MS);
    const telegram = await this.unpairTelegram(actor);
    const tiktok = await Promise.all(this.deps.accounts.list().map((a) => this.revoke(a, actor)));
    const ownVideos = this.ownVideos(); // read while the database is open
    try {
      await this.deps.closeCore();
    } catch {
      // A handle left open shows up below as a file that could not be deleted, with why.
    }
    // Commands still under way now fail fast on the closed core, but one may be finishing work
    // that writes into the folder (the diagnostics' encoder check saves its result in its cache folder).
    await settled(this.running, RUNNING_GRACE_MS);
    const { filesDeleted, notDeleted, kept } = wipeDataFolder(this.deps.dataDir, ownVideos);
    this.phase = 'deleted';
    const result: DeleteEverythingResult = { dataDir: this.deps.dataDir, tiktok, telegram, filesDeleted, notDeleted, kept };
    this.deps.bus.emit('data.deletedEverything', result);
    return result;
  }

  private refuseUnlessOpen(): void {
    if (this.phase === 'deleting') throw new AppError('CONFLICT', 'Clipdesk is deleting everything; nothing else can be done now.');
    if (this.phase === 'deleted') {
      throw new AppError('UNAVAILABLE', 'Everything was deleted and this Clipdesk has stopped. Start Clipdesk again to begin afresh.');
    }
  }

  /** The sources of clips imported by path: the creator's own files, which stay even when they lie in the data folder. */
  private ownVideos(): string[] {
    return (this.deps.db.prepare("SELECT source_path FROM clips WHERE origin = 'path'").all() as Array<{ source_path: string }>).map((r) => r.source_path);
  }

  private postsAtTikTok(): DeletePreview['atTikTok'] {
    const marks = AT_TIKTOK_STATES.map(() => '?').join(', ');
    return this.deps.db.prepare(`SELECT id, caption, state FROM posts WHERE state IN (${marks}) ORDER BY updated_at`).all(...AT_TIKTOK_STATES) as Array<{
      id: string;
      caption: string;
      state: PostState;
    }>;
  }

  private refuseWhileAtTikTok(): void {
    const problem = atTikTokProblem(this.postsAtTikTok());
    if (problem) throw new AppError('CONFLICT', `${problem} Nothing was deleted.`);
  }

  /** The tokens go with the data folder whatever TikTok answers; the revocation is TikTok's half. */
  private async revoke(account: Account, actor: string): Promise<Revocation> {
    try {
      const { revoked, message } = await this.deps.accounts.disconnect(account.id, actor);
      // Its words may quote what TikTok answered; the result is shown and sent to every window.
      return { account: account.displayName, revoked, message: redact(message) };
    } catch (err) {
      const why = redact(err instanceof Error ? err.message : String(err));
      return { account: account.displayName, revoked: false, message: `${account.displayName}: Clipdesk could not revoke its access (${why}); its tokens are deleted here. ${TIKTOK_REMOVE_ACCESS}` };
    }
  }

  private async unpairTelegram(actor: string): Promise<DeleteEverythingResult['telegram']> {
    const status = this.deps.telegram.status();
    const approvers = status.approvers.map(approverLabel);
    if (status.state === 'off' && !approvers.length) return { bot: null, stopped: true, approversUnpaired: [], message: null };
    const bot = status.bot ? `@${status.bot.username}` : 'your bot';
    // Telegram has no call that revokes a token: only @BotFather can, so the creator is told how.
    const revokeHint = `To make its token useless, send /revoke to @BotFather and choose ${bot} (or /deletebot to delete the bot).`;
    try {
      await this.deps.telegram.remove(actor);
      return { bot, stopped: true, approversUnpaired: approvers, message: `Clipdesk stopped ${bot} and forgot its token. ${revokeHint}` };
    } catch (err) {
      const why = redact(err instanceof Error ? err.message : String(err));
      return {
        bot,
        stopped: false,
        // Their pairing lives in the database, which goes with the data folder.
        approversUnpaired: approvers,
        message: `${bot} could not be stopped cleanly (${why}); its token and approvers are deleted with the data folder. ${revokeHint}`,
      };
    }
  }
}

/** Resolves once every promise in `work` has settled, or after `ms`, whichever comes first. */
async function settled(work: ReadonlySet<Promise<unknown>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(work), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Whether `dir` is this user's home folder or the root of a disk — compared by the folder itself
 * (device and inode), so neither a link nor another letter case (macOS, Windows) gets past.
 */
export function isHomeOrRoot(dir: string): boolean {
  let real = realish(dir);
  try {
    real = fs.realpathSync.native(dir);
  } catch {
    // Not there (yet): its resolved name is all there is to judge.
  }
  const id = fileIdentity(dir);
  return (id !== null && id === fileIdentity(os.homedir())) || path.parse(real).root === real;
}
