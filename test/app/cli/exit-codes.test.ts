/** The exit codes every command shares (core/exit-codes.ts): 0 delivered, 1 not delivered, 2 wrong input. */
import { expect } from 'chai';
import { join } from 'node:path';
import { EXIT, exitCodeOfStatus, worstExitCode } from '../../../src/core/exit-codes.js';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';

describe('exit codes', () => {
  it('usage errors exit 2 and name the problem: unknown command, unknown option, missing argument', () => {
    const cases: [string[], RegExp][] = [
      [['trian'], /unknown command 'trian'/],
      [['exp', 'x.json5', '--frobnicate'], /unknown option '--frobnicate'/],
      [['exp'], /missing required argument 'file'/],
      [['eval', 'somewhere', '--params', 'worst'], /Allowed choices are best, final, init, interrupted/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).to.equal(EXIT.inputWrong);
      expect(r.stderr, args.join(' ')).to.match(message);
    }
  });

  it('--help and --version exit 0', () => {
    for (const args of [['--help'], ['--version'], ['exp', '--help']]) expect(runCli(args).code, args.join(' ')).to.equal(EXIT.delivered);
  });

  it('a run whose expect fails exits 1, or 0 with --no-expect; an invalid file exits 2', () => {
    const dir = tempDir();
    const failing = writeFile(dir, 'failing.json5', tinyExperiment({ expect: ['test.accuracy > 2'], sinks: ['summary'] }));
    const r = runCli(['exp', failing, '--out', join(dir, 'run')]);
    expect(r.code, r.stderr).to.equal(EXIT.notDelivered);
    expect(r.stdout).to.match(/FAIL +test\.accuracy > 2/);
    const skipped = runCli(['exp', failing, '--out', join(dir, 'run-no-expect'), '--no-expect']);
    expect(skipped.code, skipped.stderr).to.equal(EXIT.delivered);
    expect(skipped.stdout).to.not.match(/FAIL/);
    const invalid = writeFile(dir, 'invalid.json5', tinyExperiment({ train: { eta: -1 } }));
    expect(runCli(['exp', invalid, '--out', join(dir, 'run2')]).code).to.equal(EXIT.inputWrong);
  });

  it('map run statuses and combine outcomes: interrupted, then wrong input, then not delivered', () => {
    expect(['completed', 'early-stopped', 'stopped', 'diverged', 'failed', 'interrupted'].map(exitCodeOfStatus)).to.deep.equal([0, 0, 0, 1, 1, 130]);
    expect(worstExitCode(EXIT.delivered, EXIT.notDelivered)).to.equal(EXIT.notDelivered);
    expect(worstExitCode(EXIT.notDelivered, EXIT.inputWrong)).to.equal(EXIT.inputWrong);
    expect(worstExitCode(EXIT.inputWrong, EXIT.interrupted)).to.equal(EXIT.interrupted);
    expect(worstExitCode()).to.equal(EXIT.delivered);
  });
});
