// The creator's own records: the activity log filtered and exported as CSV (safe to open in a
// spreadsheet, with no secret in it), and what Clipdesk stores where.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src-main/core/audit/audit-log';
import { useCores } from '../support/core-harness';

const newCore = useCores('clipdesk-activity-');

describe('activity log', () => {
  it('filters by words, action family, actor family and time, and exports the same as CSV, oldest first', async () => {
    const { core } = newCore();
    const { audit } = core;
    audit.append({ actor: 'app', action: 'post.approve', subject: 'p1', detail: 'approved by you in the app' });
    audit.append({ actor: 'telegram:501', action: 'post.reject', subject: 'p2', detail: 'rejected by Ann, "not now", on Telegram' });
    audit.append({ actor: 'telegram:666', action: 'telegram.refused', subject: '666', detail: '=HYPERLINK("http://evil") not paired' });
    audit.append({ actor: 'scheduler', action: 'post.late', subject: 'p3', detail: 'publishing 30 min late\nsecond line' });

    const actions = (f: Parameters<typeof audit.list>[0]) => audit.list(f).map((e) => e.action);
    expect(actions({ actions: ['post.'] })).toEqual(['post.late', 'post.reject', 'post.approve']);
    expect(actions({ actor: 'telegram' })).toEqual(['telegram.refused', 'post.reject']);
    expect(actions({ actor: 'telegram:501' })).toEqual(['post.reject']);
    expect(actions({ query: 'Ann', actions: ['post.'] })).toEqual(['post.reject']);
    // Words with LIKE's own characters are taken literally.
    expect(actions({ query: '100%' })).toEqual([]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(actions({ from: future })).toEqual([]);
    expect(actions({ to: future, actions: ['telegram.'] })).toEqual(['telegram.refused']);

    const { csv, rows } = await core.handlers['activity.exportCsv']({ actions: ['post.', 'telegram.'] });
    expect(rows).toBe(4);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,time (UTC),who,what,subject,detail');
    expect(lines[1]).toContain('post.approve');
    // Quotes doubled, commas and line breaks quoted, formulas defused.
    expect(csv).toContain('"rejected by Ann, ""not now"", on Telegram"');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"") not paired"`);
    expect(csv).toContain('"publishing 30 min late\nsecond line"');
  });

  it('CSV fields: plain stays plain; quotes, separators and formula starts are made safe', () => {
    expect(csvField('plain words')).toBe('plain words');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('+1 hour')).toBe("'+1 hour");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@ann')).toBe("'@ann");
  });
});

describe('my data', () => {
  it('says what is stored where, with counts and sizes, and names secrets without their values', async () => {
    const { core, dataDir } = newCore();
    await core.secrets.set('telegram.botToken', '123456789:AAE-secret-token-value-abcdefghijklmn');
    fs.mkdirSync(path.join(dataDir, 'renders'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'renders', 'a.mp4'), Buffer.alloc(1234));
    const summary = await core.handlers['data.summary']({});
    expect(summary.dataDir).toBe(dataDir);
    const renders = summary.items.find((i) => i.id === 'renders');
    expect(renders).toMatchObject({ path: path.join(dataDir, 'renders'), count: 1, bytes: 1234 });
    expect(summary.items.find((i) => i.id === 'database')?.bytes).toBeGreaterThan(0);
    expect(summary.items.find((i) => i.id === 'database')?.description).toMatch(/0 clips/);
    expect(summary.secrets.names).toEqual(['telegram.botToken']);
    expect(JSON.stringify(summary)).not.toContain('secret-token-value');
  });
});
