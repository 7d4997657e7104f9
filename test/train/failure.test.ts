import { expect } from 'chai';
import { lastValueFrom, toArray } from 'rxjs';
import { validateExperiment } from '../../src/app/experiment-file.js';
import { prepareRun, trainingEvents } from '../../src/train/run.js';
import { marble } from '../helpers/run.js';

describe('a failure inside training', () => {
  it('ends the run in order: an error message, the best checkpoint kept, a summary with status failed', async () => {
    const source = { file: '<test>', baseDir: '.' };
    const experiment = validateExperiment({
      name: 'fails', data: { name: 'echo', trainSamples: 8, validationSamples: 4, testSamples: 4 },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 }, train: { batchSize: 2, maxEpochs: 5 },
    }, source);
    const setup = prepareRun(experiment, source);
    const forward = setup.trainer.forward.bind(setup.trainer);
    let calls = 0;
    setup.trainer.forward = (x, y, rows) => {
      if (++calls === 7) throw new Error('worker lost');
      return forward(x, y, rows);
    };
    const events = await lastValueFrom(trainingEvents(setup, { runDir: '/tmp/unused' }).pipe(toArray()));
    const end = events.at(-1)!;
    expect(end.type === 'end' && end.status).to.equal('failed');
    expect(end.type === 'end' && end.summary.reason).to.equal('training failed at iteration 7: worker lost');
    expect(marble(events)).to.match(/^start checkpoint:init (step ){4}eval:validation checkpoint:best epoch state (step ){2}message .*checkpoint:final eval:test end$/);
  });
});
