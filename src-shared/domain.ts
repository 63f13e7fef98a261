// Domain types shared by the core and the UI, each defined once as a zod schema so that
// what crosses a transport can be checked against it. No imports from Node, DOM or Electron.
import { z } from 'zod';

export const RunModeSchema = z.enum(['desktop', 'web']);
export type RunMode = z.infer<typeof RunModeSchema>;

export const AppInfoSchema = z.object({
  name: z.literal('Clipdesk'),
  version: z.string(),
  /** How the UI reaches the core: Electron IPC ('desktop') or the headless host ('web'). */
  mode: RunModeSchema,
  dataDir: z.string(),
  platform: z.string(),
  secretBackend: z.string(),
  /** Non-empty when an emulator stands in for TikTok or Telegram; the UI must say so. */
  emulated: z.array(z.string()),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const CAPABILITY_IDS = [
  'library',
  'render',
  'schedule',
  'approvals',
  'history',
  'tiktok',
  'telegram',
  'activity',
  'settings',
] as const;
export const CapabilitySchema = z.object({
  id: z.enum(CAPABILITY_IDS),
  built: z.boolean(),
  /** Plain words on what works now, or what is not built yet. */
  note: z.string(),
});
export type Capability = z.infer<typeof CapabilitySchema>;
export type CapabilityId = Capability['id'];

// Posts have their own module (src-shared/posts/post.ts); re-exported for existing imports.
export { PostStateSchema, PostSummarySchema, type PostSummary } from './posts/post';

export const ActivityEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  /** Who did it: 'app', 'cli', 'scheduler', 'host', 'telegram:<user>' … */
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  detail: z.string().nullable(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobSummarySchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: JobStateSchema,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAfter: z.string(),
  lastError: z.string().nullable(),
  /** 0..1 when the job reports progress. */
  progress: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobSummary = z.infer<typeof JobSummarySchema>;

export const DoctorCheckSchema = z.object({
  id: z.string(),
  label: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  /** What to do when not ok. */
  fix: z.string().optional(),
});
export type DoctorCheck = z.infer<typeof DoctorCheckSchema>;
