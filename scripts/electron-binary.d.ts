// Types for scripts/electron-binary.js, so TypeScript tests can share its one rule.
export type ElectronBinary = { installed: true; path: string; version: string } | { installed: false; reason: string };
export function findElectronBinary(root: string, env?: NodeJS.ProcessEnv): ElectronBinary;
