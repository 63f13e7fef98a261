// What Clipdesk keeps on this computer, for Settings → My data: each kind of data, where it
// is, how much of it, and what it is for — in plain words.
import { z } from 'zod';

export const DataItemSchema = z.object({
  id: z.string(),
  /** "Imported clips", "Rendered videos", "Activity log"… */
  label: z.string(),
  /** What it is and why Clipdesk keeps it. */
  description: z.string(),
  /** The folder or file. */
  path: z.string(),
  count: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
});
export type DataItem = z.infer<typeof DataItemSchema>;

export const DataSummarySchema = z.object({
  dataDir: z.string(),
  items: z.array(DataItemSchema),
  /** Secrets are stored encrypted; this says with what (never the secrets). */
  secrets: z.object({ backend: z.string(), names: z.array(z.string()) }),
});
export type DataSummary = z.infer<typeof DataSummarySchema>;
