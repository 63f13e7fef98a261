// Running in the background (docs/platforms.md, Electron §8): the tray menu, keeping the
// computer awake while uploads and renders run, and launching at login (an XDG autostart entry
// on Linux, which Electron does not do). The decisions are pure and tested; the Electron calls
// are in main.ts.
import fs from 'node:fs';
import path from 'node:path';

export interface TrayItem {
  id: 'open' | 'pause' | 'resume' | 'quit';
  label: string;
}

/** The tray's menu: open, pause or resume publishing (whichever applies), quit. */
export function trayMenu(state: { paused: boolean }): TrayItem[] {
  return [
    { id: 'open', label: 'Open Clipdesk' },
    state.paused ? { id: 'resume', label: 'Resume publishing' } : { id: 'pause', label: 'Pause publishing' },
    { id: 'quit', label: 'Quit Clipdesk' },
  ];
}

/** Job kinds during which the computer must not go to sleep. */
export const KEEP_AWAKE_KINDS: ReadonlySet<string> = new Set(['tiktok.publish', 'render', 'telegram.request']);

/**
 * One system wake lock while any such job runs: started by the first, released with the last
 * (docs/platforms.md, Electron §8). `start`/`stop` are powerSaveBlocker's.
 */
export class KeepAwake {
  private readonly active = new Set<string>();
  private blocker: number | null = null;
  constructor(private readonly power: { start(): number; stop(id: number): void }) {}

  jobChanged(job: { id: string; kind: string; state: string }): void {
    if (!KEEP_AWAKE_KINDS.has(job.kind)) return;
    if (job.state === 'running') this.active.add(job.id);
    else this.active.delete(job.id);
    if (this.active.size > 0 && this.blocker === null) this.blocker = this.power.start();
    if (this.active.size === 0 && this.blocker !== null) {
      this.power.stop(this.blocker);
      this.blocker = null;
    }
  }

  get awake(): boolean {
    return this.blocker !== null;
  }
}

/** Started at login: the window stays hidden, Clipdesk waits in the tray. */
export const HIDDEN_ARG = '--hidden';

/** The XDG autostart entry that starts Clipdesk, hidden, at login on Linux. */
export function autostartEntry(execPath: string, args: readonly string[] = []): string {
  const quote = (s: string) => (/[\s"'\\$`]/.test(s) ? `"${s.replace(/(["\\$`])/g, '\\$1')}"` : s);
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Clipdesk',
    'Comment=Render, approve and publish short-form video to TikTok',
    `Exec=${[execPath, ...args, HIDDEN_ARG].map(quote).join(' ')}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/** Where the autostart entry lives: $XDG_CONFIG_HOME/autostart, else ~/.config/autostart. */
export function autostartFile(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'autostart', 'clipdesk.desktop');
}

/** Writes or removes the Linux autostart entry; returns the file. */
export function setLinuxAutostart(enabled: boolean, file: string, execPath: string, args: readonly string[] = []): string {
  if (enabled) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, autostartEntry(execPath, args), { mode: 0o644 });
  } else {
    fs.rmSync(file, { force: true });
  }
  return file;
}
