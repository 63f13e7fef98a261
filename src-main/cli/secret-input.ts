// How the CLI takes a secret (the TikTok client secret, the Telegram bot token): from standard
// input, never from the command line by choice. A flag's value is visible to every user of the
// machine in the process list (`ps`, /proc/<pid>/cmdline) and stays in the shell's history
// (docs/security.md), so it still works but draws a warning.
//
//   --token -          one line from standard input (a pipe, a file, a password manager)
//   (flag left out)    the same when standard input is not a terminal; at a terminal, a prompt
//                      that does not echo what is typed
//   --token VALUE      used as given, with a warning on stderr
import { defaultTerminalIo, promptHidden, readLine, type TerminalIo } from './stdin';

export interface SecretSource {
  /** The flag's value as parsed: a string, or undefined when the flag was left out. */
  value: string | undefined;
  /** The flag's name, for messages: "--token". */
  flag: string;
  /** What the prompt asks for at a terminal: "Bot token". */
  prompt: string;
}

export type SecretIo = TerminalIo;

/** The secret, trimmed; undefined when none was given (an empty line or standard input at its end). */
export async function readSecret(source: SecretSource, io: SecretIo = defaultTerminalIo()): Promise<string | undefined> {
  if (source.value !== undefined && source.value !== '-') {
    io.stderr.write(
      `Warning: a secret given as ${source.flag}'s value can be seen by other users in the process list (ps) and is kept in your shell history. Pass ${source.flag} - and give it on standard input instead.\n`,
    );
    return source.value.trim() || undefined;
  }
  if (source.value === undefined && io.stdin.isTTY) return (await promptHidden(`${source.prompt}: `, io)) || undefined;
  return (await readLine(io.stdin)) || undefined;
}
