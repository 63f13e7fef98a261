// The endpoint and browser overrides the packaged desktop ignores: what the core does with the
// filtered environment and the report it is handed. A real core on a fresh data folder.
import { describe, expect, it } from 'vitest';
import { filterEndpointOverrides } from '../../src-main/core/system/endpoint-overrides';
import { useCores } from '../support/core-harness';

const newCore = useCores('clipdesk-overrides-');

// The desktop hands the core an environment without the overrides (endpoint-overrides.ts);
// the core says so in the activity log and doctor, and talks to the real services.
describe('endpoint overrides the desktop ignored', () => {
  it('are named in the activity log and doctor, and the core uses TikTok and Telegram themselves', async () => {
    const filtered = filterEndpointOverrides({ ...process.env, CLIPDESK_TIKTOK_API_BASE: 'http://127.0.0.1:9', BROWSER: 'opener' }, { packaged: true });
    const h = newCore({ env: filtered.env, overrides: filtered });
    const entry = h.core.audit.list().find((e) => e.action === 'app.overrides_ignored');
    expect(entry?.detail).toMatch(/^Ignored CLIPDESK_TIKTOK_API_BASE, BROWSER: /);
    const check = (await h.core.handlers['app.doctor']({})).find((c) => c.id === 'overrides');
    expect(check).toMatchObject({ ok: true, detail: entry?.detail });
    expect((await h.core.handlers['tiktok.setup.get']({})).emulated).toBe(false);
    expect(h.core.telegram.status().emulated).toBe(false);
  });
});
