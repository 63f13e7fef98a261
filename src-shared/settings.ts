// The creator's settings: one schema, one set of defaults. Stored as JSON values in the
// `settings` table, one row a key; secrets never live here (see core/secrets).
import { z } from 'zod';

export const SettingsSchema = z.object({
  /**
   * Linux without a keyring gives Electron's safeStorage only the `basic_text` backend, which
   * is obfuscation, not encryption. Clipdesk refuses it unless the creator accepts it here.
   */
  acceptBasicTextSecrets: z.boolean(),
  /** Pause all publishing (the scheduler keeps its queue but publishes nothing). */
  publishingPaused: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  acceptBasicTextSecrets: false,
  publishingPaused: false,
};

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
