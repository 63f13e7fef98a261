// Lint, including the process boundaries of docs/architecture.md §1:
//   src-shared   imports nothing from Node, the DOM's hosts, Electron or the other folders
//   src-main/core never imports electron, desktop, host, cli, the preload or the renderer
//   src-renderer imports src-shared and itself only
//   src-preload  imports electron and src-shared only
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE_OUT = ['^electron', '/desktop/', '/host/', '/cli/', 'src-renderer', 'src-preload', '^react'];
// The core's features in the order the composition root builds them, each with the features it
// may import; every other folder of src-main/core is infrastructure and may import none of them.
const FEATURE_IMPORTS = {
  'post-store': [],
  library: [],
  'render-queue': ['library'],
  approvals: ['post-store'],
  // Knows no platform: platforms plug in through its Publisher interface.
  publishing: ['post-store'],
  tiktok: ['post-store', 'publishing'],
  // Reads TikTok's Display API through the TikTok feature; ties published posts to their videos.
  insights: ['post-store', 'tiktok'],
  posts: ['post-store', 'library', 'render-queue', 'approvals', 'publishing'],
  telegram: ['post-store', 'approvals', 'posts', 'render-queue'],
  doctor: ['tiktok', 'telegram'],
  app: ['post-store'],
  // Exports Insights' series and thins their snapshots (retention).
  data: ['post-store', 'library', 'approvals', 'tiktok', 'insights', 'telegram'],
};
const FEATURES = Object.keys(FEATURE_IMPORTS);
const INFRASTRUCTURE = ['audit', 'instance', 'jobs', 'media', 'render', 'secrets', 'settings', 'store', 'system'];
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restrict = (message, patterns, names = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message })),
      patterns: patterns.map((regex) => ({ regex, message })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: restrict(
      'src-shared is pure TypeScript: no Node, Electron, React or other app folders (docs/architecture.md §1).',
      // Relative paths may move between src-shared's own folders; the named folders below are the
      // only ways out of it, so naming them is enough (a depth-based rule would need the file path).
      ['^node:', '^electron', '^react', 'src-main', 'src-renderer', 'src-preload', '(^|/)(test|scripts|resources|node_modules)/'],
      nodeBuiltins,
    ),
  },
  {
    files: ['src-main/**/*.ts'],
    rules: restrict('Run ffmpeg and ffprobe through core/media/spawn-tool.ts, the one way Clipdesk runs them.', [], ['child_process', 'node:child_process']),
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: restrict(
      'core must not depend on Electron or on a shell (desktop, host, cli) — hand it an interface instead (docs/architecture.md §1); it runs ffmpeg and ffprobe through media/spawn-tool.ts only.',
      CORE_OUT,
      ['child_process', 'node:child_process'],
    ),
  },
  ...INFRASTRUCTURE.map((folder) => ({
    files: [`src-main/core/${folder}/**/*.ts`],
    rules: restrict(
      `core/${folder} is infrastructure: it imports no feature of the core (docs/architecture.md §1).`,
      [...CORE_OUT, ...FEATURES.map((f) => `^\\.\\./${f}(/|$)`)],
      ['child_process', 'node:child_process'],
    ),
  })),
  {
    // The one place that spawns ffmpeg/ffprobe, and the browser opener (not a media tool).
    files: ['src-main/core/media/spawn-tool.ts', 'src-main/core/system/open-browser.ts'],
    rules: restrict('core must not depend on Electron or on a shell (desktop, host, cli) — hand it an interface instead (docs/architecture.md §1).', [...CORE_OUT, ...FEATURES.map((f) => `^\\.\\./${f}(/|$)`)]),
  },
  // Which feature of the core may import which (docs/architecture.md §1, "Feature modules"),
  // like VS Code's code-import-patterns: a feature imports the infrastructure and the features
  // built before it, never one built after it, so no two features import each other. The
  // infrastructure folders import no feature at all.
  ...Object.entries(FEATURE_IMPORTS).map(([folder, allowed]) => ({
    files: [`src-main/core/${folder}/**/*.ts`],
    rules: restrict(
      `core/${folder} may import the infrastructure${allowed.length ? ` and ${allowed.map((f) => `core/${f}`).join(', ')}` : ''} only: a feature uses the features built before it through their entries, and reaches later ones through the event bus or an interface they register (docs/architecture.md §1).`,
      [...CORE_OUT, ...FEATURES.filter((f) => f !== folder && !allowed.includes(f)).map((f) => `^\\.\\./${f}(/|$)`)],
      ['child_process', 'node:child_process'],
    ),
  })),
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: restrict(
      'The renderer talks only to the contract (src-shared) through its api object: no Node, Electron or main-process code (docs/architecture.md §1).',
      ['^node:', '^electron', 'src-main', 'src-preload'],
      nodeBuiltins,
    ),
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: restrict(
      'The sandboxed preload may only use electron and src-shared.',
      ['^node:', 'src-main', 'src-renderer'],
      nodeBuiltins,
    ),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/cli/stdin.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'stdin', message: 'Read standard input through src-main/cli/stdin.ts, the one reader.' }] },
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
