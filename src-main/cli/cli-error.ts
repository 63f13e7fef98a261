/** A failure the CLI reports as one line and an exit code (2 for usage errors). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}
