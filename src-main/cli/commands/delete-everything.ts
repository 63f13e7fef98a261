// `clipdesk delete-everything [--confirm PHRASE] [--json]`: the same deletion as Settings → My
// data. Without --confirm it shows what will be lost and what stays, then asks for the phrase.
// A running Clipdesk carries it out (and stops); with none, this command holds the data folder.
// A wrong phrase, or a folder with no Clipdesk data in it, is refused before anything is opened:
// opening a data folder creates one, and a mistyped --data must not become one. So is a TikTok
// account whose tokens cannot be read here (the desktop app saved them in the OS's secret storage,
// out of this command's reach): its access could not be revoked, unless --force says go on.
import fs from 'node:fs';
import path from 'node:path';
import { promptLine, stdinIsTerminal } from '../stdin';
import {
  atTikTokProblem,
  DELETE_EVERYTHING_PHRASE,
  isDeletePhrase,
  whatStays,
  whatWillBeLost,
  WRONG_PHRASE,
  type DeleteEverythingResult,
  type DeletePreview,
} from '../../../src-shared/data/delete-everything';
import { DATABASE_FILE } from '../../core/store/database';
import { CliError } from '../cli-error';
import { openApiSession } from '../api-session';

type Values = Record<string, string | boolean | undefined>;

const bullets = (lines: readonly string[]): string => lines.map((l) => `  • ${l}`).join('\n');

/** Refuses what would make the deletion do less than it says: TikTok has a post, or a revocation cannot be done from here. */
function refuseUnlessReady(preview: DeletePreview, force: boolean): void {
  const busy = atTikTokProblem(preview.atTikTok);
  if (busy) throw new CliError(`clipdesk delete-everything: ${busy}`, 1);
  const [first] = preview.unrevocable;
  if (first && !force) {
    const who = preview.unrevocable.map((u) => u.account).join(', ');
    throw new CliError(
      `clipdesk delete-everything: the TikTok tokens of ${who} cannot be read here, so Clipdesk's access could not be revoked at TikTok. ${first.why}\n` +
        'Nothing was deleted. To delete everything anyway, without revoking, add --force; then remove the access in the TikTok app yourself.',
      1,
    );
  }
}

/** Shows what will be lost and asks for the phrase; null when the creator did not type it. */
async function askForPhrase(preview: DeletePreview): Promise<string | null> {
  process.stderr.write(
    `This deletes everything Clipdesk keeps in ${preview.dataDir}. It cannot be undone.\n\nWill be deleted:\n${bullets(whatWillBeLost(preview))}\n\nStays:\n${bullets(whatStays(preview))}\n\n`,
  );
  const typed = await promptLine(`Type ${DELETE_EVERYTHING_PHRASE} to confirm: `);
  return isDeletePhrase(typed) ? typed : null;
}

function report(r: DeleteEverythingResult): string {
  const lines = [`Deleted ${r.filesDeleted} file(s) from ${r.dataDir}.`];
  for (const t of r.tiktok) lines.push(`TikTok: ${t.message}`);
  if (r.telegram.approversUnpaired.length) lines.push(`Telegram: unpaired ${r.telegram.approversUnpaired.join(', ')}.`);
  if (r.telegram.message) lines.push(`Telegram: ${r.telegram.message}`);
  for (const f of r.notDeleted) lines.push(`NOT DELETED: ${f.path} (${f.reason}). Delete it yourself.`);
  for (const k of r.kept) lines.push(`Kept: ${k.path} (${k.reason}).`);
  return `${lines.join('\n')}\n`;
}

export async function deleteEverythingCommand(dataDir: string, values: Values): Promise<number> {
  const given = typeof values.confirm === 'string' ? values.confirm : null;
  if (given !== null && !isDeletePhrase(given)) throw new CliError(`clipdesk delete-everything: ${WRONG_PHRASE}`, 2);
  if (given === null && !stdinIsTerminal()) {
    throw new CliError(`clipdesk delete-everything: there is no terminal to ask in; confirm with --confirm "${DELETE_EVERYTHING_PHRASE}".`, 2);
  }
  if (!fs.existsSync(path.join(dataDir, DATABASE_FILE))) throw new CliError(`clipdesk delete-everything: There is no Clipdesk data in ${dataDir}; nothing was deleted.`, 1);
  const session = await openApiSession(dataDir, { holdDataFolder: true });
  try {
    const preview = await session.call('data.deletePreview', {});
    refuseUnlessReady(preview, values.force === true);
    const confirm = given ?? (await askForPhrase(preview));
    if (confirm === null) {
      process.stderr.write('That was not the phrase. Nothing was deleted.\n');
      return 1;
    }
    const result = await session.call('data.deleteEverything', { confirm });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : report(result));
    return result.notDeleted.length ? 1 : 0;
  } finally {
    await session.close();
  }
}
