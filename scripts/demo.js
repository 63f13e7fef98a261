// `npm run demo`: Clipdesk against local emulators, for trying the whole flow — connect a TikTok
// account, render, approve on a "phone", post — without a TikTok developer app or a Telegram
// bot and without anything leaving the machine. Starts the TikTok emulator with an audited demo
// app and a demo creator, the Telegram emulator with a demo bot and a demo approver, then
// `clipdesk serve` on a fresh data folder pointed at both, and prints what to open. Nothing is
// automatic: connecting opens the emulator's consent page, where the person clicks Authorize,
// as on TikTok; pairing goes through the emulator's phone page. The TikTok emulator runs with
// organic growth on, so the views, likes and followers of what the demo posts publicly rise by
// themselves and Insights has something to chart. Ctrl+C stops everything.
//
//   DEMO_TIKTOK_PORT  the TikTok emulator's port (default: a free one)
//   DEMO_TELEGRAM_PORT  the Telegram emulator's port (default: a free one)
//   DEMO_PORT         Clipdesk's port (default: a free one)
//   DEMO_DATA_DIR     Clipdesk's data folder, kept (default: a fresh one under the OS temp
//                     folder, removed when the demo stops)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emulatorControl, ensureEmulators, startEmulator } from './build-emulators.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin/clipdesk.js');
const DEMO_APP = { clientKey: 'clipdesk-demo', clientSecret: 'demo-secret', name: 'Clipdesk (demo)', audited: true };
// A made-up token in @BotFather's shape: it only means something to the local emulator.
const DEMO_BOT = { token: '1000000001:AAEdemo-clipdesk-demo-token-not-real0', username: 'clipdesk_demo_bot', firstName: 'Clipdesk Demo' };
const DEMO_APPROVER = { id: 4242, firstName: 'Sam', username: 'sam.approves' };
const DEMO_USER = { displayName: 'Demo Creator', username: 'demo.creator', isPrivateAccount: false, bioDescription: 'An emulated TikTok creator for the Clipdesk demo.' };

const children = new Set();
let dataDir = null;
let removeDataDir = false;
let stopping = false;

function track(child, what) {
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`\n${what} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the demo.`);
      stop(1);
    }
  });
  return child;
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (removeDataDir && dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}

function buildIfNeeded() {
  if (!fs.existsSync(path.join(ROOT, 'out/main/cli.js')) || !fs.existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
    console.log('Building Clipdesk (npm run build)…');
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) throw new Error('npm run build failed');
  }
}

/** The TikTok emulator with the demo's app and creator; resolves with its base URL. */
async function startTikTok() {
  const port = Number(process.env.DEMO_TIKTOK_PORT ?? 0);
  const emu = await startEmulator('tiktok', { port });
  track(emu.child, 'The TikTok emulator');
  await emulatorControl(emu.url, 'POST', '/__emulator/apps', DEMO_APP);
  await emulatorControl(emu.url, 'POST', '/__emulator/users', DEMO_USER);
  // autoConsent stays off: the person sees the consent page and clicks Authorize.
  // Growth on: public posts gain views, likes, comments and shares with their age, and the
  // creator's likes and followers with them (test/emulators/tiktok/README.md, "Organic growth").
  await emulatorControl(emu.url, 'POST', '/__emulator/state', { growth: true });
  return {
    url: emu.url,
    env: {
      CLIPDESK_TIKTOK_AUTH_URL: `${emu.url}/v2/auth/authorize/`,
      CLIPDESK_TIKTOK_API_BASE: emu.url,
      CLIPDESK_TIKTOK_CLIENT_KEY: DEMO_APP.clientKey,
      CLIPDESK_TIKTOK_CLIENT_SECRET: DEMO_APP.clientSecret,
      // The demo app has the Display API, so Connect asks for Insights' scopes.
      CLIPDESK_TIKTOK_DISPLAY_API: '1',
    },
  };
}

/**
 * The Telegram emulator with a demo bot and a demo approver; resolves with its URL, the env
 * for serve and the demo person's "phone" page. Nothing is pre-paired: the person pastes the
 * token in Settings → Telegram and pairs through the phone page, as with real Telegram.
 */
async function startTelegram() {
  const port = Number(process.env.DEMO_TELEGRAM_PORT ?? 0);
  const emu = await startEmulator('telegram', { port });
  track(emu.child, 'The Telegram emulator');
  await emulatorControl(emu.url, 'POST', '/__emulator/bots', DEMO_BOT);
  await emulatorControl(emu.url, 'POST', '/__emulator/users', DEMO_APPROVER);
  return {
    url: emu.url,
    phone: `${emu.url}/__emulator/phone?token=${encodeURIComponent(DEMO_BOT.token)}&user=${DEMO_APPROVER.id}`,
    env: { CLIPDESK_TELEGRAM_API_ROOT: emu.url },
  };
}

async function startServe(env) {
  const child = track(
    spawn(process.execPath, [CLI, 'serve', '--port', String(Number(process.env.DEMO_PORT ?? 0)), '--data', dataDir], {
      cwd: ROOT,
      // BROWSER is left as the person has it: Clipdesk opens their browser, or shows the link.
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
    'Clipdesk',
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d;
      const m = /Clipdesk is running at (\S+)/.exec(out);
      if (!m) return;
      child.stdout.off('data', onData);
      child.stdout.on('data', (more) => process.stdout.write(more));
      resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.once('exit', () => reject(new Error(`clipdesk serve did not start:\n${out}`)));
  });
}

async function main() {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  buildIfNeeded();
  await ensureEmulators();

  if (process.env.DEMO_DATA_DIR) {
    dataDir = path.resolve(process.env.DEMO_DATA_DIR);
    fs.mkdirSync(dataDir, { recursive: true });
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-demo-'));
    removeDataDir = true;
  }

  const tiktok = await startTikTok();
  const telegram = await startTelegram();
  const appUrl = await startServe({ ...tiktok.env, ...telegram.env });

  const line = '═'.repeat(72);
  console.log(`
${line}
  Clipdesk demo — LOCAL EMULATOR — nothing leaves this machine
${line}

  Open Clipdesk:   ${appUrl}

  TikTok is the local emulator at ${tiktok.url}
    (developer app "${DEMO_APP.clientKey}", audited; creator "${DEMO_USER.displayName}").
  Accounts → Connect opens the emulator's consent page, not TikTok's: click Authorize
  there to connect "${DEMO_USER.displayName}". Posts go to the emulator only; public ones
  gain views, likes and followers by themselves as they age (organic growth is on).

  Telegram is the local emulator at ${telegram.url}
    Settings → Telegram: paste the demo bot token
      ${DEMO_BOT.token}
    then "Pair a phone" and paste the link into the phone page of "${DEMO_APPROVER.firstName}":
      ${telegram.phone}
    Posts then wait for approval; approve them on that page (or in Approvals).

  Data folder:     ${dataDir}${removeDataDir ? '\n                   (fresh; removed when the demo stops — set DEMO_DATA_DIR to keep one)' : '\n                   (accounts from an earlier demo need reconnecting: the emulator forgets when it stops)'}

  Ctrl+C stops Clipdesk and the emulators.
${line}
`);
}

main().catch((err) => {
  console.error(`The demo could not start: ${err instanceof Error ? err.message : String(err)}`);
  stop(1);
});
