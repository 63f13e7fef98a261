// The pure half of "delete everything": which folder it refuses, which phrase confirms, when TikTok makes it wait, and
// the words the confirmation (window and CLI) uses for what is lost and what stays.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHomeOrRoot } from '../../src-main/core/data/delete-everything';
import { keptByWipe, wipeSize } from '../../src-main/core/data/wipe-data-folder';
import { formatBytes } from '../../src-shared/media/readiness';
import { atTikTokProblem, inDataFolder, isDeletePhrase, KEPT_REASON, whatStays, whatWillBeLost, type DeletePreview } from '../../src-shared/data/delete-everything';

const EMPTY: DeletePreview = {
  dataDir: '/home/maria/.config/Clipdesk',
  posts: { total: 0, scheduled: 0, awaitingApproval: 0 },
  clips: { total: 0, byPath: 0, uploaded: 0 },
  renders: 0,
  accounts: [],
  unrevocable: [],
  telegram: { configured: false, bot: null, approvers: [] },
  activityEntries: 0,
  goes: { files: 0, bytes: 0, entries: [] },
  kept: [],
  atTikTok: [],
};

describe('isDeletePhrase', () => {
  it('takes the phrase letter for letter, forgiving only spaces around it', () => {
    expect(isDeletePhrase('delete everything')).toBe(true);
    expect(isDeletePhrase('  delete everything \n')).toBe(true);
    for (const other of ['', 'delete', 'Delete everything', 'DELETE EVERYTHING', 'delete  everything', 'delete everything.', 'delete everythin']) {
      expect(isDeletePhrase(other), other).toBe(false);
    }
  });
});

describe('atTikTokProblem', () => {
  it('is null unless a post is uploading or processing', () => {
    expect(atTikTokProblem([])).toBeNull();
    expect(atTikTokProblem([{ caption: 'Later', state: 'scheduled' }, { caption: 'Done', state: 'published' }])).toBeNull();
  });

  it('names each post TikTok has and says to wait', () => {
    expect(atTikTokProblem([{ caption: 'Beach day', state: 'uploading' }])).toBe(
      '“Beach day” is uploading to TikTok. TikTok cannot take a post back once it has it, so wait until it is published (usually a few minutes), then delete everything.',
    );
    const two = atTikTokProblem([
      { caption: '', state: 'processing' },
      { caption: 'A caption that is far too long to be shown whole in one line', state: 'uploading' },
    ]);
    expect(two).toMatch(/^A post without a caption is being processed by TikTok; “A caption that is far too long to be…” is uploading to TikTok\./);
    expect(two).toMatch(/wait until they are published/);
  });
});

describe('what the confirmation names', () => {
  it('always names the activity log, settings and secrets, and what stays outside the data folder', () => {
    expect(whatWillBeLost(EMPTY)).toEqual(['The activity log (0 entries), your settings and every saved secret.']);
    expect(whatStays(EMPTY)).toEqual([
      'Exports and videos you saved outside the data folder.',
      'Posts already on TikTok: delete them in the TikTok app if you want them gone.',
    ]);
  });

  it('counts posts (calling out scheduled ones), clips, renders, accounts and approvers by name', () => {
    const full: DeletePreview = {
      ...EMPTY,
      posts: { total: 5, scheduled: 2, awaitingApproval: 1 },
      clips: { total: 4, byPath: 3, uploaded: 1 },
      renders: 1,
      accounts: ['Maria Bakes', 'Maria Travels'],
      telegram: { configured: true, bot: '@maria_bot', approvers: ['Ann (@ann)', 'Bob', 'Cleo'] },
      activityEntries: 1,
      goes: { files: 12, bytes: 48_000_000, entries: ['clipdesk.sqlite', 'renders', 'thumbnails'] },
    };
    expect(whatWillBeLost(full)).toEqual([
      '5 posts and their history — 2 scheduled and 1 waiting for approval, which will not be published.',
      '4 clips in the library, with the 1 video uploaded from a browser, and their thumbnails.',
      '1 rendered video.',
      "Your TikTok accounts Maria Bakes and Maria Travels: Clipdesk's access is revoked at TikTok and the tokens are deleted.",
      'Your Telegram bot @maria_bot and its approvers Ann (@ann), Bob and Cleo: the bot stops, its token is forgotten and they are unpaired.',
      'The activity log (1 entry), your settings and every saved secret.',
      // By name and size, in case the data folder is not the one the creator thinks.
      `From ${EMPTY.dataDir}: 12 files (${formatBytes(48_000_000)}) in clipdesk.sqlite, renders and thumbnails.`,
    ]);
    expect(whatStays(full)[0]).toBe('Your own videos (3 clips imported from where they are): Clipdesk only pointed at them.');
  });

  it('names what in the data folder is not Clipdesk\'s, by its name there, cutting a long list short', () => {
    const dir = EMPTY.dataDir;
    const kept = (...names: string[]) => ({ ...EMPTY, kept: names.map((n) => ({ path: `${dir}/${n}`, reason: KEPT_REASON.notClipdesks })) });
    expect(whatStays(kept('Projects', 'my clip.mp4'))[0]).toBe(`What is in ${dir} but not Clipdesk's: Projects and my clip.mp4.`);
    expect(whatStays(kept('a', 'b', 'c', 'd', 'e', 'f', 'g'))[0]).toBe(`What is in ${dir} but not Clipdesk's: a, b, c, d, e and 2 more.`);
    expect(inDataFolder('C:\\Users\\maria\\Clipdesk', 'C:\\Users\\maria\\Clipdesk\\notes.txt')).toBe('notes.txt');
    expect(inDataFolder(dir, `${dir}-old/notes.txt`)).toBe(`${dir}-old/notes.txt`);
  });

  it('says which accounts cannot be revoked from here, and why', () => {
    const lines = whatWillBeLost({
      ...EMPTY,
      accounts: ['Maria Bakes', 'Maria Travels'],
      unrevocable: [{ account: 'Maria Travels', why: 'Secrets here were saved by the desktop app.' }],
    });
    expect(lines.slice(0, 2)).toEqual([
      "Your TikTok account Maria Bakes: Clipdesk's access is revoked at TikTok and the tokens are deleted.",
      'Your TikTok account Maria Travels: its tokens are deleted, but Clipdesk cannot read them here, so its access will not be revoked at TikTok. Secrets here were saved by the desktop app.',
    ]);
  });

  it('names a bot set up without approvers, even before its name is known', () => {
    expect(whatWillBeLost({ ...EMPTY, telegram: { configured: true, bot: null, approvers: [] } })[0]).toBe('Your Telegram bot: it stops and its token is forgotten.');
  });
});

describe('a data folder set by mistake', () => {
  it('is refused when it is the home folder or a disk root, not when it is a folder of its own', () => {
    expect(isHomeOrRoot(os.homedir())).toBe(true);
    expect(isHomeOrRoot(os.homedir() + path.sep)).toBe(true);
    // Through a link to it.
    const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-home-link-')), 'home');
    fs.symlinkSync(os.homedir(), link);
    expect(isHomeOrRoot(link)).toBe(true);
    fs.rmSync(path.dirname(link), { recursive: true, force: true });
    expect(isHomeOrRoot(path.parse(process.cwd()).root)).toBe(true);
    expect(isHomeOrRoot(path.join(os.tmpdir(), 'clipdesk-data'))).toBe(false);
    expect(isHomeOrRoot(path.join(os.homedir(), '.config', 'Clipdesk'))).toBe(false);
  });
});

describe("the desktop window's browser data", () => {
  it('is named as what it is, not as a stranger’s file, and left to the restart to clear', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-profile-'));
    for (const name of ['Local Storage', 'GPUCache']) fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const kept = keptByWipe(dir, []);
    expect(kept).toEqual([
      { path: path.join(dir, 'GPUCache'), reason: KEPT_REASON.browserData },
      { path: path.join(dir, 'Local Storage'), reason: KEPT_REASON.browserData },
      { path: path.join(dir, 'notes.txt'), reason: KEPT_REASON.notClipdesks },
    ]);
    const stays = whatStays({ ...EMPTY, dataDir: dir, kept });
    expect(stays).toContain("The desktop window's own browser data (its cache and stored settings): cleared when Clipdesk starts afresh.");
    expect(stays).toContain(`What is in ${dir} but not Clipdesk's: notes.txt.`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('wipeSize', () => {
  it('counts the files a wipe would delete, and names the entries, without deleting anything', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clipdesk-size-'));
    fs.mkdirSync(path.join(dir, 'renders', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'renders', 'deep', 'a.mp4'), 'x'.repeat(1000));
    fs.writeFileSync(path.join(dir, 'renders', 'mine.mp4'), 'y'.repeat(500));
    fs.writeFileSync(path.join(dir, 'clipdesk.sqlite'), 'z'.repeat(24));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not Clipdesk’s');
    // The creator's own video, imported by path from inside renders/, is not counted.
    expect(wipeSize(dir, [path.join(dir, 'renders', 'mine.mp4')])).toEqual({ files: 2, bytes: 1024, entries: ['clipdesk.sqlite', 'renders'] });
    expect(fs.existsSync(path.join(dir, 'renders', 'deep', 'a.mp4'))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
