/** `rnnflow board`: its options and checks; the server (app/board/) loads only when the command runs. */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../../core/errors.js';
import { portOption } from './port-option.js';

export function addBoardCommand(program: Command): void {
  program.command('board')
    .description('a live dashboard of run and sweep folders in the browser (read-only, local)')
    .argument('[dirs...]', 'folders holding run or sweep folders (default runs/)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '6006')
    .option('--host <address>', 'address to bind (any other than 127.0.0.1 shows your runs to the network)', '127.0.0.1')
    .addHelpText('after', '\nExamples:\n  npx rnnflow board\n  npx rnnflow board runs/minus runs/sweeps --port 6007')
    .action(async (dirs: string[], opts) => { process.exitCode = await boardCommand(dirs, opts); });
}

async function boardCommand(dirs: string[], opts: { port: string; host: string }): Promise<number> {
  const port = portOption(opts.port);
  const folders = dirs.length ? dirs : ['runs'];
  for (const d of folders) {
    if (!existsSync(d) || !statSync(d).isDirectory()) {
      throw new UserError(`rnnflow board: no folder ${d}; give folders holding run or sweep folders (default runs/, written by rnnflow exp)`);
    }
  }
  const { startBoard } = await import('../board/server.js');
  let board;
  try {
    board = await startBoard({ dirs: folders, port, host: opts.host });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`rnnflow board: port ${port} is in use; choose another with --port, e.g. --port 6007 (0 = any free port)`);
    throw e;
  }
  process.stdout.write(`rnnflow board: ${board.url} (serving ${folders.join(', ')}; Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await board.close();
  return 0;
}
