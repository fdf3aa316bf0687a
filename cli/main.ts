/**
 * The entry of the `ecls` program (cli/ecls.mjs starts it, compiled or through tsx): silences the SDK's Node
 * version notice, then runs cli/program.ts on the command line and sets the exit code.
 */
import './sdk-node-warning.js';
import { main } from './program.js';

// A reader that stops early (`ecls validate big.csv | head`) closes the pipe: that ends the output, not in a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

process.exitCode = await main(process.argv);
