// The infrastructure every feature is built on (docs/architecture.md §1): the database, the
// event bus, the clock, the activity log, settings, secrets and the job runner, with the data
// folder and the environment they were made for. The composition root makes one and hands it to
// each feature's entry; nothing here knows a feature.
import type { RunMode } from '../../src-shared/domain';
import { AuditLog } from './audit/audit-log';
import { systemClock, type Clock } from './clock';
import { EventBus } from './event-bus';
import { ensurePrivateDataDir, octal, PRIVATE_DIR_MODE } from './instance/private-dir';
import { JobRunner } from './jobs/job-runner';
import { SecretStore, type SecretCipher } from './secrets/secret-store';
import { SettingsStore } from './settings/settings-store';
import { openDatabase, type Db } from './store/database';
import { describeOverrides, type OverrideReport } from './system/endpoint-overrides';

export interface Infra {
  readonly dataDir: string;
  readonly mode: RunMode;
  readonly version: string;
  readonly env: NodeJS.ProcessEnv;
  readonly db: Db;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly secretBackend: string;
  readonly jobs: JobRunner;
  /** This process holds the data-folder lock and runs the jobs (and with them the bot and the schedule). */
  readonly runsJobs: boolean;
  /** The creator's time zone (default: the computer's). */
  timeZone(): string;
  /** Shows a desktop notification where there is a desktop. */
  readonly notify?: (title: string, body: string) => void;
  /** What the desktop did with the endpoint overrides in its environment (doctor shows it). */
  readonly overrides?: OverrideReport;
}

export interface InfraOptions {
  dataDir: string;
  mode: RunMode;
  version: string;
  cipher: SecretCipher;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** What the desktop did with the endpoint and browser overrides in its environment (endpoint-overrides.ts): logged and shown by doctor. */
  overrides?: OverrideReport;
  /** Path of the better-sqlite3 binding built for Electron (desktop only). */
  nativeBinding?: string;
  /** Shows a desktop notification where there is a desktop. */
  notify?: (title: string, body: string) => void;
  /** Start the job runner: only the process holding the data-folder lock does. */
  runJobs?: boolean;
  /** The creator's time zone (default: the computer's). */
  timeZone?: string;
}

export function createInfra(options: InfraOptions): Infra {
  const clock = options.clock ?? systemClock;
  const privacy = ensurePrivateDataDir(options.dataDir);
  const db = openDatabase(options.dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const bus = new EventBus();
  const audit = new AuditLog(db, clock, bus);
  // Start-up facts are the app's own, said by Clipdesk itself as it opens the data folder (no
  // caller asked, and no rule decided them): they keep the actor 'app'.
  const overridesSaid = options.overrides ? describeOverrides(options.overrides) : null;
  if (overridesSaid) audit.append({ actor: 'app', action: options.overrides?.ignored.length ? 'app.overrides_ignored' : 'app.overrides_used', subject: null, detail: overridesSaid });
  if (privacy.tightenedFrom !== null) {
    audit.append({ actor: 'app', action: 'data.permissions_tightened', subject: null, detail: `The data folder was open to other users (${octal(privacy.tightenedFrom)}); it is now ${octal(PRIVATE_DIR_MODE)}, the creator's only.` });
  }
  const settings = new SettingsStore(db);
  const secrets = new SecretStore(db, options.cipher, clock, () => settings.get().acceptBasicTextSecrets);
  return {
    dataDir: options.dataDir,
    mode: options.mode,
    version: options.version,
    env: options.env ?? process.env,
    db,
    bus,
    clock,
    audit,
    settings,
    secrets,
    secretBackend: options.cipher.backend,
    jobs: new JobRunner({ db, clock, bus }),
    runsJobs: options.runJobs === true,
    timeZone: () => options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    ...(options.notify ? { notify: options.notify } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  };
}
