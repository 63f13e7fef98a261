// Entry of the `clipdesk` binary (bin/clipdesk.js loads the built copy of this file).
import { CliError } from './cli-error';
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    const { toWireError } = await import('../core/transport/routes');
    const wire = toWireError(err);
    process.stderr.write(`clipdesk: ${wire.message}\n`);
    process.exitCode = wire.code === 'BAD_INPUT' ? 2 : 1;
  },
);
