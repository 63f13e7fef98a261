// `clipdesk delete-everything [--confirm PHRASE] [--json]`: the same deletion as Settings → My
// data. Without --confirm it shows what will be lost and what stays, then asks for the phrase.
// A running Clipdesk carries it out (and stops); with none, this command holds the data folder.
// A wrong phrase, or a folder with no Clipdesk data in it, is refused before anything is opened:
// opening a data folder creates one, and a mistyped --data must not become one.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import {
  atTikTokProblem,
  DELETE_EVERYTHING_PHRASE,
  isDeletePhrase,
  whatStays,
  whatWillBeLost,
  WRONG_PHRASE,
  type DeleteEverythingResult,
} from '../../../src-shared/data/delete-everything';
import { DATABASE_FILE } from '../../core/store/database';
import { CliError } from '../cli-error';
import { openApiSession, type ApiSession } from '../api-session';

type Values = Record<string, string | boolean | undefined>;

const bullets = (lines: readonly string[]): string => lines.map((l) => `  • ${l}`).join('\n');

/** Shows what will be lost and asks for the phrase; null when the creator did not type it. */
async function askForPhrase(session: ApiSession): Promise<string | null> {
  const preview = await session.call('data.deletePreview', {});
  const busy = atTikTokProblem(preview.atTikTok);
  if (busy) throw new CliError(`clipdesk delete-everything: ${busy}`, 1);
  process.stderr.write(
    `This deletes everything Clipdesk keeps in ${preview.dataDir}. It cannot be undone.\n\nWill be deleted:\n${bullets(whatWillBeLost(preview))}\n\nStays:\n${bullets(whatStays(preview))}\n\n`,
  );
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const typed = await rl.question(`Type ${DELETE_EVERYTHING_PHRASE} to confirm: `);
    return isDeletePhrase(typed) ? typed : null;
  } finally {
    rl.close();
  }
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
  if (given === null && !process.stdin.isTTY) {
    throw new CliError(`clipdesk delete-everything: there is no terminal to ask in; confirm with --confirm "${DELETE_EVERYTHING_PHRASE}".`, 2);
  }
  if (!fs.existsSync(path.join(dataDir, DATABASE_FILE))) throw new CliError(`clipdesk delete-everything: There is no Clipdesk data in ${dataDir}; nothing was deleted.`, 1);
  const session = await openApiSession(dataDir, { holdDataFolder: true });
  try {
    const confirm = given ?? (await askForPhrase(session));
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
