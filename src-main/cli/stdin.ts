// The one way the CLI reads from standard input: a line from a pipe or a file, a question
// at a terminal (shown on stderr, so stdout stays the command's output), or a hidden prompt
// for a secret. Nothing else in the CLI reads process.stdin.

export interface TerminalIo {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

export const defaultTerminalIo = (): TerminalIo => ({ stdin: process.stdin, stderr: process.stderr });

/** Whether there is a person at a terminal to ask (not a pipe, a file or a service manager). */
export const stdinIsTerminal = (): boolean => process.stdin.isTTY === true;

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
export function promptHidden(question: string, io: TerminalIo = defaultTerminalIo()): Promise<string> {
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

/** Asks at a terminal (the answer echoes as it is typed) and returns the line typed, trimmed. */
export function promptLine(question: string, io: TerminalIo = defaultTerminalIo()): Promise<string> {
  io.stderr.write(question);
  return readLine(io.stdin);
}
