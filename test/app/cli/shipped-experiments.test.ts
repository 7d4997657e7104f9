import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, runCli, tempDir } from '../../helpers/cli.js';

/** Every shipped experiment trains end to end through the CLI (shortened with --set) to finite metrics. */
describe('the shipped experiments run', () => {
  const files = readdirSync(join(root, 'experiments')).filter((f) => f.endsWith('.json5')).sort();
  const dir = tempDir();

  it('there are the four of the chapter at least', () => {
    expect(files).to.include.members(['echo.json5', 'minus.json5', 'pm25.json5', 'pm25-regression.json5']);
  });

  for (const f of files) {
    it(`${f}, two epochs`, function () {
      // names-gru's two epochs of a GRU-128 over 14,387 names take ~10 s alone, minutes on a busy machine.
      this.timeout(600_000);
      const out = join(dir, f);
      const r = runCli(['exp', join('experiments', f), '--set', 'train.maxEpochs=2', '--set', 'expect=[]', '--set', 'sinks=["summary"]', '--out', out], { timeoutMs: 600_000 });
      expect(r.code, r.stderr).to.equal(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(['completed', 'early-stopped']).to.include(summary.status);
      for (const split of ['validation', 'test'] as const) {
        const m = summary.metrics[split];
        expect(Number.isFinite(m.loss), `${split} loss`).to.equal(true);
        expect(Number.isFinite(m.accuracy ?? m.r2), `${split} accuracy or r2`).to.equal(true);
      }
    });
  }
});
