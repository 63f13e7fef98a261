// The doctor feature: one report of what works and what to do about what does not — ffmpeg,
// the data folder, secrets, TikTok's setup and accounts, Telegram, endpoint overrides.
import type { Infra } from '../infra';
import { feature } from '../feature';
import type { TelegramApi } from '../telegram';
import type { TikTokApi } from '../tiktok';
import { runDoctor } from './doctor';

export function createDoctorFeature(infra: Infra, deps: { tiktok: TikTokApi; telegram: TelegramApi }) {
  return feature<'app.doctor'>({
    handlers: {
      'app.doctor': async () => {
        let tiktok;
        try {
          tiktok = { setup: await deps.tiktok.credentials.setup(), accounts: deps.tiktok.accounts.list() };
        } catch {
          tiktok = undefined; // secrets unreadable: the secrets check says so
        }
        return runDoctor({
          dataDir: infra.dataDir,
          secrets: infra.secrets,
          env: infra.env,
          tiktok,
          telegram: deps.telegram.telegram.status(),
          ...(infra.overrides ? { overrides: infra.overrides } : {}),
        });
      },
    },
  });
}
