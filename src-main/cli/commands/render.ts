// `clipdesk render FILE -o OUT [options]`: being built (issue 3).
import { CliError } from '../cli-error';

export async function renderCommand(_dataDir: string, _file: string, _values: Record<string, string | boolean | undefined>): Promise<number> {
  throw new CliError('clipdesk render is not built yet in this version.', 1);
}
