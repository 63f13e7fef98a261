// `clipdesk doctor` and Settings → Diagnostics: what Clipdesk found on this machine, each
// with what to do when it is missing.
import fs from 'node:fs';
import type { DoctorCheck } from '../../../src-shared/domain';
import { readLock } from '../instance/data-lock';
import { describeEncoders, detectH264Encoders, encoderCacheFile, type H264EncoderReport } from '../media/encoders';
import { findFfmpeg, findFfprobe, toolVersion } from '../media/ffmpeg-path';
import type { SecretStore } from '../secrets/secret-store';
import type { Account, TikTokSetup } from '../../../src-shared/tiktok/accounts';
import type { TelegramStatus } from '../../../src-shared/telegram/telegram';
import { createPrivateDir, octal, PRIVATE_DIR_MODE } from '../instance/private-dir';
import { describeOverrides, type OverrideReport } from '../system/endpoint-overrides';

export interface DoctorInput {
  dataDir: string;
  secrets: SecretStore | null;
  env?: NodeJS.ProcessEnv;
  /** The TikTok app and accounts, when a core is open. */
  tiktok?: { setup: TikTokSetup; accounts: Account[] };
  telegram?: TelegramStatus;
  /** The desktop's endpoint and browser overrides, used or ignored (endpoint-overrides.ts). */
  overrides?: OverrideReport;
}

export async function runDoctor({ dataDir, secrets, env = process.env, tiktok, telegram, overrides }: DoctorInput): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const ffmpeg = findFfmpeg(env);
  if (ffmpeg) {
    let version = 'unknown version';
    let encoders: H264EncoderReport = { working: [], failed: [] };
    try {
      version = await toolVersion(ffmpeg.path);
      // Each encoder the build lists is tried on a few frames: a listed NVENC without a GPU fails.
      // Diagnostics always try again (a driver may have been installed) and refresh the cache.
      encoders = await detectH264Encoders(ffmpeg.path, { cacheFile: encoderCacheFile(dataDir), refresh: true });
    } catch (err) {
      checks.push({
        id: 'ffmpeg',
        label: 'ffmpeg',
        ok: false,
        detail: `${ffmpeg.path} does not run: ${(err as Error).message}`,
        fix: 'Reinstall ffmpeg, or point FFMPEG_PATH at a working ffmpeg binary.',
      });
    }
    if (!checks.some((c) => c.id === 'ffmpeg')) {
      checks.push({ id: 'ffmpeg', label: 'ffmpeg', ok: true, detail: `${version} at ${ffmpeg.path} (from ${ffmpeg.source})` });
      checks.push({
        id: 'h264',
        label: 'H.264 encoders',
        ok: encoders.working.length > 0,
        detail: describeEncoders(encoders),
        ...(encoders.working.length ? {} : { fix: 'Install an ffmpeg build with libx264, or set FFMPEG_PATH to one.' }),
      });
    }
  } else {
    checks.push({
      id: 'ffmpeg',
      label: 'ffmpeg',
      ok: false,
      detail: 'not found (FFMPEG_PATH, ffmpeg-static, PATH)',
      fix: 'Install ffmpeg (apt-get install ffmpeg, brew install ffmpeg, winget install ffmpeg) or set FFMPEG_PATH.',
    });
  }
  const ffprobe = findFfprobe(env);
  if (ffprobe) {
    let detail = ffprobe.path;
    let ok = true;
    try {
      detail = `${await toolVersion(ffprobe.path)} at ${ffprobe.path} (from ${ffprobe.source})`;
    } catch (err) {
      ok = false;
      detail = `${ffprobe.path} does not run: ${(err as Error).message}`;
    }
    checks.push({ id: 'ffprobe', label: 'ffprobe', ok, detail, ...(ok ? {} : { fix: 'Reinstall ffmpeg or set FFPROBE_PATH.' }) });
  } else {
    checks.push({
      id: 'ffprobe',
      label: 'ffprobe',
      ok: false,
      detail: 'not found (FFPROBE_PATH, beside ffmpeg, PATH)',
      fix: 'Install ffmpeg, which includes ffprobe, or set FFPROBE_PATH.',
    });
  }

  if (secrets) {
    const reason = secrets.unavailableReason();
    checks.push({
      id: 'secrets',
      label: 'Secret storage',
      ok: reason === null,
      detail: reason === null ? `${secrets.backend} (encrypted at rest)` : `${secrets.backend}: not usable`,
      ...(reason ? { fix: reason } : {}),
    });
  }

  let writable = true;
  let mode: number | null = null;
  try {
    createPrivateDir(dataDir);
    fs.accessSync(dataDir, fs.constants.W_OK);
    if (process.platform !== 'win32') mode = fs.statSync(dataDir).mode & 0o777;
  } catch {
    writable = false;
  }
  // Clipdesk tightens a looser folder when it starts (private-dir.ts); doctor only reports.
  const open = mode !== null && (mode & 0o077) !== 0;
  checks.push({
    id: 'data',
    label: 'Data folder',
    ok: writable && !open,
    detail: mode === null ? dataDir : `${dataDir} (permissions ${octal(mode)}${open ? ', readable by other users' : ', yours only'})`,
    ...(!writable
      ? { fix: 'Make the folder writable, or choose another with --data or CLIPDESK_DATA_DIR.' }
      : open
        ? { fix: `Start Clipdesk once (it sets ${octal(PRIVATE_DIR_MODE)}), or run: chmod 700 "${dataDir}"` }
        : {}),
  });

  const holder = readLock(dataDir);
  checks.push({
    id: 'lock',
    label: 'Running instance',
    ok: true,
    detail: holder
      ? `${holder.kind === 'desktop' ? 'desktop app' : holder.kind === 'cli' ? 'a clipdesk command' : 'clipdesk serve'} (process ${holder.pid}, since ${holder.startedAt})`
      : 'none',
  });

  const overridesSaid = overrides ? describeOverrides(overrides) : null;
  if (overridesSaid) checks.push({ id: 'overrides', label: 'Endpoint overrides', ok: true, detail: overridesSaid });
  checks.push(tiktokCheck(tiktok, env));
  checks.push(telegramCheck(telegram));
  return checks;
}

function telegramCheck(status: TelegramStatus | undefined): DoctorCheck {
  const base = { id: 'telegram', label: 'Telegram' };
  if (!status || status.state === 'off') return { ...base, ok: true, detail: 'no bot set up (optional: approvals from your phone)' };
  const who = status.bot ? `@${status.bot.username}` : 'bot token saved';
  const approvers = `${status.approvers.length} approver(s) paired${status.emulated ? ' (emulated Telegram)' : ''}`;
  const ok = status.state === 'running' || status.state === 'starting' || status.state === 'not_running';
  return {
    ...base,
    ok,
    detail: `${who}, ${status.state === 'not_running' ? 'not running here' : status.state}; ${approvers}`,
    ...(ok ? {} : { fix: status.problem ?? 'See Settings → Telegram.' }),
  };
}

function tiktokCheck(tiktok: DoctorInput['tiktok'], env: NodeJS.ProcessEnv): DoctorCheck {
  const base = { id: 'tiktok', label: 'TikTok' };
  if (!tiktok) {
    return { ...base, ok: true, detail: env.CLIPDESK_TIKTOK_CLIENT_KEY ? 'client key from CLIPDESK_TIKTOK_CLIENT_KEY' : 'not checked' };
  }
  const { setup, accounts } = tiktok;
  const where = setup.emulated ? ` (emulated at ${setup.authorizeUrl})` : '';
  if (setup.source === 'none') {
    return { ...base, ok: false, detail: `no TikTok developer app set up${where}`, fix: 'Enter the client key and secret in Settings → TikTok, or run clipdesk tiktok setup.' };
  }
  const broken = accounts.filter((a) => a.state !== 'connected');
  const names = accounts.map((a) => (a.username ? `@${a.username}` : a.displayName)).join(', ');
  if (broken.length) {
    return {
      ...base,
      ok: false,
      detail: `${accounts.length} account(s): ${names}; reconnect needed for ${broken.map((a) => a.displayName).join(', ')}${where}`,
      fix: 'Accounts → Reconnect (or clipdesk accounts connect tiktok).',
    };
  }
  return {
    ...base,
    ok: true,
    detail: `app ${setup.clientKey ?? ''} (${setup.source === 'environment' ? 'from the environment' : 'saved'}); ${accounts.length ? `${accounts.length} account(s): ${names}` : 'no accounts connected yet'}${where}`,
  };
}
