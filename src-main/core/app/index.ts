// The app feature: what this Clipdesk is (info, capabilities), its settings, the activity log
// and the list of durable jobs. A post's publishing job is the post's: the jobs list refuses to
// cancel or re-run it (the post's own Cancel and Retry know the rules).
import { AppError } from '../../../src-shared/errors';
import type { AppInfo } from '../../../src-shared/domain';
import { callerName } from '../caller';
import type { Infra } from '../infra';
import { feature } from '../feature';
import { PUBLISH_JOB } from '../post-store/publish-queue';
import { CAPABILITIES } from './capabilities';

export type AppCommands =
  | 'app.info'
  | 'app.capabilities'
  | 'settings.get'
  | 'settings.update'
  | 'activity.list'
  | 'activity.search'
  | 'activity.exportCsv'
  | 'jobs.list'
  | 'jobs.cancel'
  | 'jobs.retry';

/** Where the emulators stand in for TikTok or Telegram (a test or a demo), so the app can say so. */
function emulatedServices(env: NodeJS.ProcessEnv): string[] {
  return [env.CLIPDESK_TIKTOK_API_BASE ? 'TikTok' : null, env.CLIPDESK_TELEGRAM_API_ROOT ? 'Telegram' : null].filter((x): x is string => x !== null);
}

export function createAppFeature(infra: Infra) {
  const { audit, bus, jobs, settings } = infra;
  const info: AppInfo = {
    name: 'Clipdesk',
    version: infra.version,
    mode: infra.mode,
    dataDir: infra.dataDir,
    platform: process.platform,
    secretBackend: infra.secretBackend,
    emulated: emulatedServices(infra.env),
  };
  const refusePublishJob = (id: string): void => {
    if (jobs.get(id).kind === PUBLISH_JOB.name) throw new AppError('CONFLICT', "This is a post's publishing; use the post's Cancel or Retry instead.");
  };
  return feature<AppCommands>({
    handlers: {
      'app.info': async () => info,
      'app.capabilities': async () => [...CAPABILITIES],
      'settings.get': async () => settings.get(),
      'settings.update': async (patch, ctx) => {
        const { settings: next, changed } = settings.update(patch);
        if (changed.length) {
          audit.append({
            actor: callerName(ctx),
            action: 'settings.changed',
            subject: changed.join(', '),
            detail: changed.map((k) => `${k} = ${JSON.stringify(next[k])}`).join('; '),
          });
          bus.emit('settings.changed', next);
        }
        return next;
      },
      'activity.list': async (input) => audit.list(input),
      'activity.search': async (input) => audit.search(input),
      'activity.exportCsv': async (filter) => audit.exportCsv(filter),
      'jobs.list': async (input) => jobs.list(input.states),
      'jobs.cancel': async ({ id }, ctx) => {
        refusePublishJob(id);
        const job = jobs.cancel(id);
        audit.append({ actor: callerName(ctx), action: 'job.cancel', subject: id, detail: job.kind });
        return job;
      },
      'jobs.retry': async ({ id }, ctx) => {
        refusePublishJob(id);
        const job = jobs.retry(id);
        audit.append({ actor: callerName(ctx), action: 'job.retry', subject: id, detail: job.kind });
        return job;
      },
    },
  });
}
