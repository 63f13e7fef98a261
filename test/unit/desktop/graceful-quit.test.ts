// Quitting waits for the core to close. FakeApp stands in for Electron's `app` (Electron
// cannot run on this machine): quit() emits before-quit, and the quit goes through unless a
// listener prevented it — as Electron does.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installGracefulQuit, type QuitAppLike } from '../../../src-main/desktop/graceful-quit';

class FakeApp extends EventEmitter implements QuitAppLike {
  quits = 0;
  exited = false;
  override on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): this {
    return super.on(event, listener);
  }
  quit(): void {
    this.quits++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exited = true;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('graceful quit', () => {
  it('holds the quit until shutdown finishes, then quits once', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    let shutdowns = 0;
    installGracefulQuit(app, {
      shutdown: () => {
        shutdowns++;
        return new Promise<void>((r) => (finish = r));
      },
    });
    app.quit();
    app.quit(); // impatient second Ctrl-C: still one shutdown
    await tick();
    expect(app.exited).toBe(false);
    finish();
    await tick();
    expect(app.exited).toBe(true);
    expect(shutdowns).toBe(1);
  });

  it('still quits when shutdown fails, reporting the error', async () => {
    const app = new FakeApp();
    const errors: unknown[] = [];
    installGracefulQuit(app, { shutdown: async () => Promise.reject(new Error('db busy')), onError: (e) => errors.push(e) });
    app.quit();
    await tick();
    expect(app.exited).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('quits after the deadline when shutdown hangs', async () => {
    const app = new FakeApp();
    const errors: unknown[] = [];
    installGracefulQuit(app, { shutdown: () => new Promise<void>(() => undefined), deadlineMs: 20, onError: (e) => errors.push(e) });
    app.quit();
    await new Promise((r) => setTimeout(r, 50));
    expect(app.exited).toBe(true);
    expect(String(errors[0])).toContain('took too long');
  });
});
