// `clipdesk probe FILE [--json]`: being built (issue 3).
import { CliError } from '../cli-error';

export async function probeCommand(_file: string, _json: boolean): Promise<number> {
  throw new CliError('clipdesk probe is not built yet in this version.', 1);
}
