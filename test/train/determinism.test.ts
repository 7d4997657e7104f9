import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCollecting } from '../helpers/run.js';
import { stepEntries } from '../../src/run-folder/event-line.js';
import { tempDir } from '../helpers/cli.js';

const TIMING = new Set(['time', 'seconds', 'samplesPerSecond', 'runDir']);

/**
 * events.jsonl without the fields that measure wall time or name the folder. Step batches (`steps`
 * lines hold about a second's steps, so where they split is timing too) become one entry per step.
 */
function eventsWithoutTiming(runDir: string): unknown[] {
  return readFileSync(join(runDir, 'events.jsonl'), 'utf8').trim().split('\n').flatMap((line) => {
    const e = JSON.parse(line, (k, v) => (TIMING.has(k) ? undefined : v));
    return e.type === 'steps' ? stepEntries(e) : [e];
  });
}

describe('one seed gives a bit-identical run', () => {
  const doc = (seed: number) => ({
    name: 'det', seed,
    data: { name: 'echo', trainSamples: 40, validationSamples: 10, testSamples: 10 },
    model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
    train: { eta: 0.1, batchSize: 4, maxEpochs: 3, checkpointEvery: 0.5, optimizer: 'momentum' },
    sinks: ['jsonl', 'checkpoint', 'summary'],
  });

  it('same seed: identical events.jsonl (timing aside) and identical parameter files; another seed differs', async () => {
    const dirs = [tempDir(), tempDir(), tempDir()];
    await runCollecting(doc(7), { outDir: dirs[0] });
    await runCollecting(doc(7), { outDir: dirs[1] });
    await runCollecting(doc(8), { outDir: dirs[2] });
    const [a, b, c] = dirs.map(eventsWithoutTiming);
    expect(a.length).to.be.greaterThan(20);
    expect(a).to.deep.equal(b);
    expect(a).not.to.deep.equal(c);
    for (const kind of ['init', 'best', 'final']) {
      const files = dirs.map((d) => readFileSync(join(d, 'params', `${kind}.json`), 'utf8'));
      expect(files[0], kind).to.equal(files[1]);
      expect(files[0], kind).not.to.equal(files[2]);
    }
  });
});
