// Versioned schema migrations. The database's `PRAGMA user_version` is the number of
// migrations applied. Append only: a released migration is never edited, because creators'
// databases already ran it. Later issues add their tables by appending here.

import { POST_STATES } from '../../../src-shared/posts/lifecycle';
import { HOLD_REASONS } from '../../../src-shared/posts/post';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** It rebuilds a table other tables reference: run with foreign keys off, checked before commit (database.ts). */
  rebuildsTables?: boolean;
}

/** The guards' names, so a later migration can replace them (DROP TRIGGER IF EXISTS each). */
export const POST_GUARD_TRIGGERS = ['posts_state_insert', 'posts_state_update', 'posts_hold_kind_insert', 'posts_hold_kind_update'] as const;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'clips, posts, accounts, approvals, audit, settings, secrets',
    sql: `
      CREATE TABLE clips (
        id            TEXT PRIMARY KEY,
        content_hash  TEXT NOT NULL UNIQUE,
        source_path   TEXT NOT NULL,
        file_name     TEXT NOT NULL,
        size_bytes    INTEGER NOT NULL,
        probe_json    TEXT,
        thumbnail     TEXT,
        state         TEXT NOT NULL DEFAULT 'importing',
        error         TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      );

      CREATE TABLE accounts (
        id            TEXT PRIMARY KEY,
        provider      TEXT NOT NULL CHECK (provider IN ('tiktok')),
        external_id   TEXT NOT NULL,
        display_name  TEXT NOT NULL,
        avatar_url    TEXT,
        scopes        TEXT NOT NULL DEFAULT '',
        state         TEXT NOT NULL DEFAULT 'connected',
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        UNIQUE (provider, external_id)
      );

      CREATE TABLE posts (
        id             TEXT PRIMARY KEY,
        clip_id        TEXT REFERENCES clips(id) ON DELETE SET NULL,
        account_id     TEXT REFERENCES accounts(id) ON DELETE SET NULL,
        state          TEXT NOT NULL,
        caption        TEXT NOT NULL DEFAULT '',
        settings_json  TEXT NOT NULL DEFAULT '{}',
        scheduled_at   TEXT,
        publish_id     TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      );
      CREATE INDEX posts_state ON posts(state);
      CREATE INDEX posts_scheduled_at ON posts(scheduled_at);

      CREATE TABLE approvals (
        id          TEXT PRIMARY KEY,
        post_id     TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        state       TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'expired')),
        decided_by  TEXT,
        decided_at  TEXT,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX approvals_post ON approvals(post_id);

      -- Append-only: the app never updates or deletes a row here except through retention.
      CREATE TABLE audit_entries (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        at       TEXT NOT NULL,
        actor    TEXT NOT NULL,
        action   TEXT NOT NULL,
        subject  TEXT,
        detail   TEXT
      );
      CREATE INDEX audit_at ON audit_entries(at);

      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );

      -- Ciphertext only; the cipher (safeStorage or the headless key file) never stores here.
      CREATE TABLE secrets (
        name        TEXT PRIMARY KEY,
        backend     TEXT NOT NULL,
        ciphertext  BLOB NOT NULL,
        updated_at  TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'durable jobs and render jobs',
    sql: `
      CREATE TABLE jobs (
        id               TEXT PRIMARY KEY,
        kind             TEXT NOT NULL,
        payload_json     TEXT NOT NULL,
        state            TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        max_attempts     INTEGER NOT NULL,
        run_after        INTEGER NOT NULL,
        lease_owner      TEXT,
        lease_expires_at INTEGER,
        checkpoint_json  TEXT,
        progress         REAL,
        last_error       TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        dedupe_key       TEXT UNIQUE,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      );
      CREATE INDEX jobs_due ON jobs(state, run_after);

      CREATE TABLE render_jobs (
        id           TEXT PRIMARY KEY,
        clip_id      TEXT NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        post_id      TEXT REFERENCES posts(id) ON DELETE SET NULL,
        job_id       TEXT REFERENCES jobs(id) ON DELETE SET NULL,
        recipe_json  TEXT NOT NULL,
        output_path  TEXT,
        state        TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'library import origins, render outputs',
    sql: `
      -- 'path': the creator's own file, referenced where it is; 'upload': a copy the host
      -- received from a browser, kept in the data folder and deleted with the clip.
      ALTER TABLE clips ADD COLUMN origin TEXT NOT NULL DEFAULT 'path' CHECK (origin IN ('path', 'upload'));
      CREATE INDEX clips_created ON clips(created_at);
      CREATE INDEX clips_state ON clips(state);

      -- A render's state is its job's state (one source of truth): the copy here goes.
      ALTER TABLE render_jobs DROP COLUMN state;
      ALTER TABLE render_jobs ADD COLUMN output_json TEXT;
      ALTER TABLE render_jobs ADD COLUMN cover_path TEXT;
      ALTER TABLE render_jobs ADD COLUMN encoder TEXT;
      CREATE INDEX render_jobs_clip ON render_jobs(clip_id);
      CREATE INDEX render_jobs_created ON render_jobs(created_at);
    `,
  },
  {
    version: 4,
    name: 'TikTok accounts and publishing',
    sql: `
      -- Tokens are secrets (core/secrets); an account row keeps only what may be shown.
      ALTER TABLE accounts ADD COLUMN username TEXT;
      ALTER TABLE accounts ADD COLUMN avatar_file TEXT;
      ALTER TABLE accounts ADD COLUMN access_issued_at INTEGER;
      ALTER TABLE accounts ADD COLUMN access_expires_at INTEGER;
      ALTER TABLE accounts ADD COLUMN refresh_expires_at INTEGER;
      ALTER TABLE accounts ADD COLUMN problem TEXT;

      ALTER TABLE posts ADD COLUMN render_id TEXT REFERENCES render_jobs(id) ON DELETE SET NULL;
      ALTER TABLE posts ADD COLUMN failure_json TEXT;
      -- Why a due post is not going out yet (publishing paused, TikTok's daily cap), and until when.
      ALTER TABLE posts ADD COLUMN hold_reason TEXT;
      ALTER TABLE posts ADD COLUMN hold_until INTEGER;
      CREATE INDEX posts_account ON posts(account_id);

      -- One row an attempt to publish a post: written BEFORE TikTok's init, so a crash at any point
      -- leaves a record of how far it got (docs/architecture.md §2, exactly-once). The upload URL
      -- is a credential and lives encrypted in secrets, not here.
      CREATE TABLE publish_attempts (
        id               TEXT PRIMARY KEY,
        post_id          TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        account_id       TEXT NOT NULL,
        attempt          INTEGER NOT NULL,
        mode             TEXT NOT NULL CHECK (mode IN ('direct', 'inbox')),
        phase            TEXT NOT NULL CHECK (phase IN ('initialising', 'uploading', 'processing', 'published', 'inbox', 'failed')),
        video_path       TEXT NOT NULL,
        video_size       INTEGER NOT NULL,
        chunk_size       INTEGER,
        inits            INTEGER NOT NULL DEFAULT 0,
        publish_id       TEXT,
        upload_url_expires_at INTEGER,
        uploaded_bytes   INTEGER NOT NULL DEFAULT 0,
        -- 1 from the moment the last chunk starts going out: TikTok may have all of it, so the
        -- upload is never started again unless TikTok itself says it is incomplete.
        last_chunk_sent  INTEGER NOT NULL DEFAULT 0,
        -- 1 once TikTok accepted the last byte: from then on this post is only ever polled.
        upload_complete  INTEGER NOT NULL DEFAULT 0,
        upload_completed_at INTEGER,
        tiktok_status    TEXT,
        public_post_id   TEXT,
        polls            INTEGER NOT NULL DEFAULT 0,
        next_check_at    INTEGER,
        detail           TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        UNIQUE (post_id, attempt)
      );
      CREATE INDEX publish_attempts_account ON publish_attempts(account_id, upload_completed_at);
    `,
  },
  {
    version: 5,
    name: 'Telegram approvers and approvals',
    sql: `
      -- Version 1's approvals table was never written to; this one replaces it.
      DROP TABLE approvals;

      -- A paired Telegram user and the chat their requests go to. The bot token is a secret.
      CREATE TABLE telegram_approvers (
        id           TEXT PRIMARY KEY,
        user_id      INTEGER NOT NULL,
        chat_id      INTEGER NOT NULL,
        chat_title   TEXT,
        name         TEXT NOT NULL,
        username     TEXT,
        can_approve  INTEGER NOT NULL DEFAULT 1,
        time_zone    TEXT NOT NULL,
        paired_at    TEXT NOT NULL,
        UNIQUE (user_id, chat_id)
      );

      -- One-time pairing codes: only their SHA-256 is kept; used once, then dead.
      CREATE TABLE telegram_pairings (
        id           TEXT PRIMARY KEY,
        code_hash    TEXT NOT NULL UNIQUE,
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL,
        used_at      INTEGER,
        approver_id  TEXT,
        cancelled    INTEGER NOT NULL DEFAULT 0
      );

      -- One request for a go-ahead on a post. The id is short: it travels in callback_data
      -- (64 bytes). A decision is a conditional update of status = 'pending', so double taps,
      -- redelivered updates and the app deciding at the same moment cannot decide twice.
      CREATE TABLE approvals (
        id             TEXT PRIMARY KEY,
        post_id        TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
        requested_at   INTEGER NOT NULL,
        deadline       INTEGER,
        held_at        INTEGER,
        decided_at     INTEGER,
        decided_by     TEXT,
        decided_actor  TEXT,
        decided_via    TEXT
      );
      CREATE INDEX approvals_post ON approvals(post_id, requested_at);
      CREATE INDEX approvals_status ON approvals(status);

      -- Each approver's copy of a request on Telegram: delivery state, and the message to edit.
      CREATE TABLE approval_messages (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        approval_id  TEXT NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
        approver_id  TEXT NOT NULL,
        chat_id      INTEGER NOT NULL,
        message_id   INTEGER,
        -- 'text' when the video could not go (too long even as a preview): edits differ.
        kind         TEXT NOT NULL DEFAULT 'video' CHECK (kind IN ('video', 'text')),
        state        TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
        problem      TEXT,
        next_try_at  INTEGER,
        preview      INTEGER NOT NULL DEFAULT 0,
        UNIQUE (approval_id, approver_id)
      );
      CREATE INDEX approval_messages_chat ON approval_messages(chat_id, message_id);

      -- A question the bot asked and waits for a reply to (new caption, a time). In the
      -- database rather than in memory, so a restart in between loses nothing.
      CREATE TABLE telegram_prompts (
        id                 TEXT PRIMARY KEY,
        kind               TEXT NOT NULL CHECK (kind IN ('caption', 'time')),
        approval_id        TEXT NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
        chat_id            INTEGER NOT NULL,
        user_id            INTEGER NOT NULL,
        prompt_message_id  INTEGER,
        state              TEXT NOT NULL CHECK (state IN ('awaiting', 'confirming', 'done', 'cancelled')),
        proposed           TEXT,
        created_at         INTEGER NOT NULL,
        expires_at         INTEGER NOT NULL
      );
      CREATE INDEX telegram_prompts_chat ON telegram_prompts(chat_id, user_id, state);

      -- Strangers writing to the bot: logged and answered at most once an hour each, so a
      -- flood cannot fill the activity log.
      CREATE TABLE telegram_strangers (
        user_id         INTEGER PRIMARY KEY,
        last_logged_at  INTEGER NOT NULL,
        last_replied_at INTEGER
      );
    `,
  },
  {
    version: 6,
    name: 'activity by subject',
    sql: `
      -- A post's timeline reads the entries about it (and its render).
      CREATE INDEX audit_subject ON audit_entries(subject);
    `,
  },
  {
    version: 7,
    name: 'why a post is held, typed; only the states the lifecycle has',
    sql: `
      -- Why a post is held is a typed value (src-shared/posts/post.ts HOLD_REASONS), with when it
      -- began; hold_reason keeps only the sentence shown to people.
      ALTER TABLE posts ADD COLUMN hold_kind TEXT CHECK (hold_kind IN ('paused', 'daily_cap', 'account', 'missed', 'no_answer'));
      ALTER TABLE posts ADD COLUMN hold_since INTEGER;
      -- Lists read a page of posts newest first (PostRepo.list).
      CREATE INDEX posts_created ON posts(created_at, id);
      -- The holds of earlier versions were told apart by their sentence; this is the last time
      -- anything reads one. A publishing post waiting for its account said so in its attempt.
      UPDATE posts SET hold_since = CAST(strftime('%s', updated_at) AS INTEGER) * 1000,
        hold_kind = CASE
          WHEN hold_reason LIKE 'It missed its time%' THEN 'missed'
          WHEN hold_reason LIKE 'Publishing is paused%' THEN 'paused'
          WHEN hold_reason LIKE 'TikTok allows about%' THEN 'daily_cap'
          WHEN hold_reason LIKE 'Waiting for the TikTok account%' THEN 'account'
        END
        WHERE state = 'scheduled' AND hold_reason IS NOT NULL;
      UPDATE posts SET hold_kind = 'account', hold_since = CAST(strftime('%s', updated_at) AS INTEGER) * 1000,
        hold_reason = (SELECT a.detail FROM publish_attempts a WHERE a.post_id = posts.id ORDER BY a.attempt DESC LIMIT 1)
        WHERE state IN ('uploading', 'processing') AND EXISTS (
          SELECT 1 FROM publish_attempts a WHERE a.post_id = posts.id
            AND a.attempt = (SELECT MAX(attempt) FROM publish_attempts WHERE post_id = posts.id)
            AND (a.detail LIKE 'Waiting for the TikTok account%' OR a.detail LIKE 'TikTok has the video, but Clipdesk cannot ask how it went%'));
      UPDATE posts SET hold_kind = 'no_answer', hold_reason = 'Nobody approved it by its time; it waits until someone does.',
        hold_since = (SELECT MAX(held_at) FROM approvals a WHERE a.post_id = posts.id AND a.status = 'pending' AND a.held_at IS NOT NULL)
        WHERE state = 'awaiting_approval' AND EXISTS (SELECT 1 FROM approvals a WHERE a.post_id = posts.id AND a.status = 'pending' AND a.held_at IS NOT NULL);
      UPDATE posts SET hold_reason = NULL, hold_until = NULL WHERE hold_kind IS NULL AND hold_reason IS NOT NULL;
      -- No code ever made a post a draft or rendering (the lifecycle no longer has those states).
      -- A row left in one fails, so Retry schedules it: nothing of it reached TikTok.
      UPDATE posts SET state = 'failed',
        failure_json = '{"code":"retired_state","message":"This post was never scheduled. Retry to publish it now, or cancel it.","retryable":true,"action":"retry"}'
        WHERE state IN ('drafted', 'rendering');
    `,
  },
  {
    version: 8,
    name: 'the database refuses a post state the lifecycle does not have, and an unknown hold reason',
    sql: postGuardsSql(),
  },
  {
    version: 9,
    name: 'accounts of any platform, and the link each platform gives a published post',
    // Publishing is platform-neutral (docs/architecture.md §2): which Publisher sends an
    // account's posts is its provider, and the platforms are the ones registered in code, so the
    // table no longer lists them. SQLite cannot drop a CHECK in place: the table is rebuilt
    // (its columns and rows unchanged; posts keep referring to it by name).
    rebuildsTables: true,
    sql: `
      CREATE TABLE accounts_new (
        id                  TEXT PRIMARY KEY,
        provider            TEXT NOT NULL,
        external_id         TEXT NOT NULL,
        display_name        TEXT NOT NULL,
        avatar_url          TEXT,
        scopes              TEXT NOT NULL DEFAULT '',
        state               TEXT NOT NULL DEFAULT 'connected',
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        username            TEXT,
        avatar_file         TEXT,
        access_issued_at    INTEGER,
        access_expires_at   INTEGER,
        refresh_expires_at  INTEGER,
        problem             TEXT,
        UNIQUE (provider, external_id)
      );
      INSERT INTO accounts_new (id, provider, external_id, display_name, avatar_url, scopes, state, created_at, updated_at,
                                username, avatar_file, access_issued_at, access_expires_at, refresh_expires_at, problem)
        SELECT id, provider, external_id, display_name, avatar_url, scopes, state, created_at, updated_at,
               username, avatar_file, access_issued_at, access_expires_at, refresh_expires_at, problem FROM accounts;
      DROP TABLE accounts;
      ALTER TABLE accounts_new RENAME TO accounts;

      -- Where the platform shows a published post, as the platform said (History's link).
      ALTER TABLE publish_attempts ADD COLUMN public_url TEXT;
    `,
  },
  {
    version: 10,
    name: 'Insights: TikTok videos of each account, their numbers over time, and the accounts\' totals over time',
    // TikTok keeps lifetime totals only; these snapshots are the history (docs/architecture.md,
    // "Insights"). Times are Unix ms; video ids are TikTok's int64 as text, never a number.
    sql: `
      CREATE TABLE insight_videos (
        account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        video_id       TEXT NOT NULL,
        post_id        TEXT REFERENCES posts(id) ON DELETE SET NULL,
        matched_by     TEXT CHECK (matched_by IN ('post_id', 'time_caption')),
        created_at_ms  INTEGER NOT NULL,
        caption        TEXT NOT NULL DEFAULT '',
        share_url      TEXT,
        duration_sec   REAL,
        views          INTEGER,
        likes          INTEGER,
        comments       INTEGER,
        shares         INTEGER,
        counts_at      INTEGER,
        checked_at     INTEGER,
        listed_at      INTEGER,
        first_seen_at  INTEGER NOT NULL,
        PRIMARY KEY (account_id, video_id)
      );
      CREATE UNIQUE INDEX insight_videos_post ON insight_videos(post_id) WHERE post_id IS NOT NULL;
      CREATE INDEX insight_videos_created ON insight_videos(account_id, created_at_ms);

      CREATE TABLE insight_video_points (
        account_id  TEXT NOT NULL,
        video_id    TEXT NOT NULL,
        at          INTEGER NOT NULL,
        views       INTEGER,
        likes       INTEGER,
        comments    INTEGER,
        shares      INTEGER,
        PRIMARY KEY (account_id, video_id, at),
        FOREIGN KEY (account_id, video_id) REFERENCES insight_videos(account_id, video_id) ON DELETE CASCADE
      ) WITHOUT ROWID;

      CREATE TABLE insight_account_points (
        account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        at          INTEGER NOT NULL,
        followers   INTEGER,
        following   INTEGER,
        likes       INTEGER,
        videos      INTEGER,
        PRIMARY KEY (account_id, at)
      ) WITHOUT ROWID;

      -- A published post TikTok has not listed yet: when Clipdesk last looked for it.
      CREATE TABLE insight_lookups (
        post_id    TEXT PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
        looked_at  INTEGER NOT NULL
      );

      CREATE TABLE insight_status (
        account_id        TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        last_at           INTEGER,
        next_at           INTEGER,
        account_checked_at INTEGER,
        problem           TEXT,
        failures          INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Values as SQL string literals, for an IN list: 'ready', 'awaiting_approval', … */
function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}

/**
 * The database's own guard on posts: it refuses a `state` the post lifecycle does not have
 * (POST_STATES, src-shared/posts/lifecycle.ts) and a `hold_kind` that is not a HoldReason
 * (HOLD_REASONS, src-shared/posts/post.ts), on insert and on update — so a bug or a hand edit
 * cannot leave a post in a state nothing can move it out of. The lists are built from the
 * TypeScript constants, the one source (test/integration/migrations.test.ts compares them).
 *
 * Triggers, not CHECK constraints: SQLite adds a CHECK to an existing table only by rebuilding
 * it (create a copy, copy every row, drop the old one, rename), and `posts` is referenced by
 * approvals, publish attempts and render jobs. Dropping it with foreign keys on would
 * cascade-delete approvals and publish attempts (and unlink renders), and foreign keys cannot
 * be switched off inside the transaction every migration runs in. BEFORE INSERT / BEFORE
 * UPDATE OF triggers that RAISE(ABORT) refuse the same writes, touch no row, and are cheap to
 * replace: when a list changes, a new migration moves the rows off a retired value first, then
 * drops POST_GUARD_TRIGGERS and runs this again. (hold_kind also has migration 7's column
 * CHECK, its list written out by hand: a new hold reason has to get past that one as well.)
 *
 * Rows already stored are not checked: after migration 7 every post is in one of these states
 * (PostRepo.create makes only `ready`, and transitions lead only to states of the lifecycle),
 * and migration 7's CHECK already keeps hold_kind to these reasons.
 */
export function postGuardsSql(states: readonly string[] = POST_STATES, holds: readonly string[] = HOLD_REASONS): string {
  const badState = `NEW.state NOT IN (${sqlList(states)})`;
  const badHold = `NEW.hold_kind IS NOT NULL AND NEW.hold_kind NOT IN (${sqlList(holds)})`;
  const stateError = "'posts.state must be a state of the post lifecycle (POST_STATES)'";
  const holdError = "'posts.hold_kind must be a hold reason (HOLD_REASONS) or NULL'";
  const [stateInsert, stateUpdate, holdInsert, holdUpdate] = POST_GUARD_TRIGGERS;
  return `
      CREATE TRIGGER ${stateInsert} BEFORE INSERT ON posts WHEN ${badState}
        BEGIN SELECT RAISE(ABORT, ${stateError}); END;
      CREATE TRIGGER ${stateUpdate} BEFORE UPDATE OF state ON posts WHEN ${badState}
        BEGIN SELECT RAISE(ABORT, ${stateError}); END;
      CREATE TRIGGER ${holdInsert} BEFORE INSERT ON posts WHEN ${badHold}
        BEGIN SELECT RAISE(ABORT, ${holdError}); END;
      CREATE TRIGGER ${holdUpdate} BEFORE UPDATE OF hold_kind ON posts WHEN ${badHold}
        BEGIN SELECT RAISE(ABORT, ${holdError}); END;
    `;
}
