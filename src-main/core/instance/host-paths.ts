// Paths of the host that the person at the machine names (import by path, export, a picked
// image). One rule for all of them: a full path, never resolved against the folder Clipdesk
// happens to run in, and never into Clipdesk's own data folder — where the database, the key
// that encrypts the tokens and the uploads of browser sessions live.
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { isInside } from './data-files';

/** Refuses a relative path, in words. */
export function requireAbsolute(p: string, what: string): string {
  if (p.includes('\0')) throw new AppError('BAD_INPUT', `The path of the ${what} is not valid.`);
  if (!path.isAbsolute(p)) throw new AppError('BAD_INPUT', `Give the full path of the ${what} (${p} is relative).`);
  return path.normalize(p);
}

/** An absolute path outside the data folder, or a BAD_INPUT error saying why not. */
export function checkHostPath(p: string, dataDir: string, what: string): string {
  const abs = requireAbsolute(p, what);
  if (isInside(abs, dataDir)) {
    throw new AppError('BAD_INPUT', `${abs} is inside Clipdesk's data folder (${dataDir}), which holds Clipdesk's own files; choose a ${what} from another folder.`);
  }
  return abs;
}
