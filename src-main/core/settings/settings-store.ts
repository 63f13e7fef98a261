// Settings persisted one key a row as JSON, validated against the shared schema on the way
// in and on the way out (a value an older or newer version wrote falls back to its default).
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../../../src-shared/settings';
import type { Db } from '../store/database';

export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const row of rows) {
      if (!(row.key in DEFAULT_SETTINGS)) continue;
      try {
        merged[row.key] = JSON.parse(row.value);
      } catch {
        // keep the default
      }
    }
    const parsed = SettingsSchema.safeParse(merged);
    if (parsed.success) return parsed.data;
    // One bad value must not hide the others: validate key by key.
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const one = SettingsSchema.shape[key].safeParse(merged[key]);
      if (one.success) out[key] = one.data;
    }
    return out as Settings;
  }

  update(patch: SettingsPatch): { settings: Settings; changed: (keyof Settings)[] } {
    const before = this.get();
    const changed = (Object.keys(patch) as (keyof Settings)[]).filter(
      (k) => patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(before[k]),
    );
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const key of changed) upsert.run(key, JSON.stringify(patch[key]));
    })();
    return { settings: this.get(), changed };
  }
}
