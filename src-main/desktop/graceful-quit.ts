// Quitting waits for the core: jobs reach a committed step, the database closes, the local
// API stops and the data-folder lock is released — otherwise the next start would find a
// half-finished job or a lock to take over. Electron's `before-quit` cannot await, so the
// first one is cancelled, the shutdown runs, and the app quits again once it is done.
// A shutdown that hangs must not keep the app open forever: after a deadline it quits anyway.

/** The part of Electron's `app` this needs. */
export interface QuitAppLike {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface GracefulQuitOptions {
  /** Closes everything; called once. */
  shutdown: () => Promise<void>;
  onError?: (err: unknown) => void;
  deadlineMs?: number;
}

export function installGracefulQuit(app: QuitAppLike, options: GracefulQuitOptions): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'stopped') return; // the second quit, after shutdown: let it through
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.onError?.(new Error('Shutting down took too long; quitting anyway.'));
        resolve();
      }, options.deadlineMs ?? 10_000);
    });
    const done = options.shutdown().catch((err: unknown) => options.onError?.(err));
    void Promise.race([done, deadline]).then(() => {
      clearTimeout(timer);
      state = 'stopped';
      app.quit();
    });
  });
}
