/**
 * `rnnflow serve`: a finished run's predictions over HTTP (app/serve/, docs/serve.md) until Ctrl-C.
 * The first Ctrl-C (or SIGTERM) drains: no new request is taken, those taken are answered, then the
 * process exits 130; a second one quits at once (core/interrupt.ts, the house way).
 */
import { Option, type Command } from 'commander';
import { basename, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { portOption } from './port-option.js';
import { EXIT } from '../../core/exit-codes.js';
import { onInterrupt } from '../../core/interrupt.js';
import { warnIfFinalBeatsBest } from '../final-beats-best.js';
import { resolveRun } from '../runs.js';

interface ServeCliOptions { port: string; host: string; params: 'best' | 'final'; maxBody: string }

export function addServeCommand(program: Command): void {
  program.command('serve')
    .description('serve a finished run\'s predictions over HTTP: POST /predict (as rnnflow predict), POST /stream (step by step: JSON lines in, Server-Sent Events out), GET /model, /health, /openapi.json (docs/serve.md)')
    .argument('<run>', 'a run folder (holds experiment.resolved.json, dataset.json and params/), or its parent (the latest run), or a sweep folder (its best trial)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8080')
    .option('--host <address>', 'address to bind (any other than 127.0.0.1 serves the model to the network)', '127.0.0.1')
    .addOption(new Option('--params <which>', 'which parameter set').choices(['best', 'final']).default('best'))
    .option('--max-body <bytes>', 'the largest request body; larger ones get 413', String(4 * 1024 * 1024))
    .addHelpText('after', '\nExamples:\n  npx rnnflow serve runs/pm25-value --port 8080\n  curl -s localhost:8080/predict?horizon=3 -H \'content-type: text/csv\' --data-binary @data/pm25-last-days.csv')
    .action(async (path: string, opts: ServeCliOptions) => { process.exitCode = await serveCommand(path, opts); });
}

async function serveCommand(path: string, opts: ServeCliOptions): Promise<number> {
  const port = portOption(opts.port);
  const maxBodyBytes = Number(opts.maxBody);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new UserError(`--max-body ${opts.maxBody}: expected a whole number of bytes, 1 or more`);
  const dir = resolveRun(path, { command: 'serve' });
  const { loadRun } = await import('../predict/run-model.js');
  const { startServer } = await import('../serve/server.js');
  const model = await loadRun(dir, { params: opts.params });
  warnIfFinalBeatsBest(dir, opts.params, 'serve');
  let running;
  try {
    running = await startServer({ model, dir, id: basename(resolve(dir)) }, { port, host: opts.host, maxBodyBytes });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`rnnflow serve: port ${port} is in use; choose another with --port, e.g. --port ${port + 1} (0 = any free port)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`--host ${opts.host}: no such address on this machine; 127.0.0.1 (the default) serves this machine only`);
    throw e;
  }
  const server = running;
  process.stdout.write(`rnnflow serve: ${server.url} (run ${basename(resolve(dir))}, ${opts.params} parameters; Ctrl-C stops)\n`);
  await new Promise<void>((stopped) => {
    const stopListening = onInterrupt({
      stop: () => {
        const inFlight = server.inFlight;
        // The listening socket is closed before the line is written: whoever reads it finds new connections refused.
        const drained = server.drain();
        process.stderr.write(`rnnflow serve: stopping; answering ${inFlight} request${inFlight === 1 ? '' : 's'} in flight (Ctrl-C again quits at once)\n`);
        void drained.then(() => { stopListening(); stopped(); });
      },
      quit: () => process.exit(EXIT.interrupted),
    });
  });
  process.stderr.write('rnnflow serve: stopped\n');
  return EXIT.interrupted;
}
