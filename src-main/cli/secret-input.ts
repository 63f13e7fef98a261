// How the CLI takes a secret (the TikTok client secret, the Telegram bot token): from standard
// input, never from the command line by choice. A flag's value is visible to every user of the
// machine in the process list (`ps`, /proc/<pid>/cmdline) and stays in the shell's history
// (docs/security.md), so it still works but draws a warning.
//
//   --token -          one line from standard input (a pipe, a file, a password manager)
//   (flag left out)    the same when standard input is not a terminal; at a terminal, a prompt
//                      that does not echo what is typed
//   --token VALUE      used as given, with a warning on stderr

export interface SecretSource {
  /** The flag's value as parsed: a string, or undefined when the flag was left out. */
  value: string | undefined;
  /** The flag's name, for messages: "--token". */
  flag: string;
  /** What the prompt asks for at a terminal: "Bot token". */
  prompt: string;
}

export interface SecretIo {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

const defaultIo = (): SecretIo => ({ stdin: process.stdin, stderr: process.stderr });

/** The secret, trimmed; undefined when none was given (an empty line or standard input at its end). */
export async function readSecret(source: SecretSource, io: SecretIo = defaultIo()): Promise<string | undefined> {
  if (source.value !== undefined && source.value !== '-') {
    io.stderr.write(
      `Warning: a secret given as ${source.flag}'s value can be seen by other users in the process list (ps) and is kept in your shell history. Pass ${source.flag} - and give it on standard input instead.\n`,
    );
    return source.value.trim() || undefined;
  }
  if (source.value === undefined && io.stdin.isTTY) return (await promptHidden(`${source.prompt}: `, io)) || undefined;
  return (await readLine(io.stdin)) || undefined;
}

/** The first line of a stream (without its line break), or all of it when it has none. */
export function readLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', done);
      stream.off('error', reject);
      stream.pause();
      resolve(text.replace(/\r?\n[\s\S]*$/, '').trim());
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (text.includes('\n')) done();
    };
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('error', reject);
  });
}

/** Reads a line at a terminal with echo off (raw mode): Enter ends it, Backspace deletes, Ctrl-C stops. */
function promptHidden(question: string, io: SecretIo): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    const finish = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(typed.trim());
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('Stopped.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
