// Background operation's decisions: the tray menu, the wake lock counted over running jobs,
// and the Linux autostart entry.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, autostartFile, KeepAwake, setLinuxAutostart, trayMenu } from '../../../src-main/desktop/background';

describe('background operation', () => {
  it('the tray offers open, pause or resume (whichever applies), and quit', () => {
    expect(trayMenu({ paused: false }).map((i) => i.label)).toEqual(['Open Clipdesk', 'Pause publishing', 'Quit Clipdesk']);
    expect(trayMenu({ paused: true }).map((i) => i.id)).toEqual(['open', 'resume', 'quit']);
  });

  it('keeps the computer awake while any upload or render runs, with one wake lock', () => {
    const calls: string[] = [];
    let next = 1;
    const keep = new KeepAwake({ start: () => (calls.push('start'), next++), stop: (id) => calls.push(`stop ${id}`) });
    keep.jobChanged({ id: 'a', kind: 'tiktok.publish', state: 'running' });
    keep.jobChanged({ id: 'b', kind: 'render', state: 'running' });
    keep.jobChanged({ id: 'x', kind: 'tiktok.refresh', state: 'running' }); // not worth keeping awake for
    expect(keep.awake).toBe(true);
    keep.jobChanged({ id: 'a', kind: 'tiktok.publish', state: 'queued' }); // deferred: a wait, not work
    expect(keep.awake).toBe(true);
    keep.jobChanged({ id: 'b', kind: 'render', state: 'succeeded' });
    expect(keep.awake).toBe(false);
    expect(calls).toEqual(['start', 'stop 1']);
  });

  it('writes and removes a Linux autostart entry that starts hidden, quoting paths with spaces', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-autostart-'));
    try {
      const file = autostartFile({ XDG_CONFIG_HOME: dir }, '/home/x');
      expect(file).toBe(path.join(dir, 'autostart', 'clipdesk.desktop'));
      expect(autostartFile({}, '/home/x')).toBe('/home/x/.config/autostart/clipdesk.desktop');
      setLinuxAutostart(true, file, '/opt/Clip Desk/clipdesk');
      const entry = fs.readFileSync(file, 'utf8');
      expect(entry).toContain('[Desktop Entry]');
      expect(entry).toContain('Exec="/opt/Clip Desk/clipdesk" --hidden');
      expect(autostartEntry('/usr/bin/clipdesk', ['--no-sandbox'])).toContain('Exec=/usr/bin/clipdesk --no-sandbox --hidden');
      setLinuxAutostart(false, file, '/opt/Clip Desk/clipdesk');
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
