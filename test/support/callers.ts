// Callers for tests that drive the core the way a transport does (routes.ts requires one).
import { callContext } from '../../src-main/core/caller';

/** The person at the terminal (the CLI): may name host paths. */
export const AT_TERMINAL = callContext({ kind: 'terminal' });
/** The desktop window: may name host paths it got from a drop or a dialog. */
export const IN_WINDOW = callContext({ kind: 'window' });
/** A browser session of the headless host: uploads and downloads, never names a host path. */
export const IN_BROWSER = callContext({ kind: 'browser', session: 'test' });
