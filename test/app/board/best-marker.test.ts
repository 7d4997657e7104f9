/**
 * What the board's server sends for the best marker: each best check with the run's monitored metric
 * (train.monitor; by default the validation loss) and its value there, taken from the validation check
 * that the best checkpoint follows, also when a live tail splits the two across chunks.
 */
import { expect } from 'chai';
import { monitoredMetric, parseEventText, type ParserState } from '../../../src/app/board/event-points.js';

const lines = [
  { type: 'start', iterationsPerEpoch: 10 },
  { type: 'eval', split: 'validation', epoch: 1, iteration: 10, metrics: { loss: 0.5, accuracy: 0.75, samples: 4 } },
  { type: 'checkpoint', kind: 'best', epoch: 1, iteration: 10, validationLoss: 0.5, file: 'params/best.json' },
  { type: 'eval', split: 'validation', epoch: 2, iteration: 20, metrics: { loss: 0.6, accuracy: 1, samples: 4 } },
  { type: 'checkpoint', kind: 'best', epoch: 2, iteration: 20, validationLoss: 0.6, file: 'params/best.json' },
].map((e) => JSON.stringify(e) + '\n');

describe('board: the best marker carries the monitored metric', () => {
  it('the validation accuracy of each best check when the run monitors it, the loss by default', () => {
    const byAccuracy = parseEventText(lines.join(''), { monitored: 'validation.accuracy' }).best;
    expect(byAccuracy).to.deep.equal([
      { epoch: 1, iteration: 10, validationLoss: 0.5, metric: 'validation.accuracy', value: 0.75 },
      { epoch: 2, iteration: 20, validationLoss: 0.6, metric: 'validation.accuracy', value: 1 },
    ]);
    const byLoss = parseEventText(lines.join(''), {}).best;
    expect(byLoss.map((b) => [b.metric, b.value])).to.deep.equal([['validation.loss', 0.5], ['validation.loss', 0.6]]);
  });

  it('a live tail that splits a check from its best checkpoint still pairs them', () => {
    const state: ParserState = { monitored: 'validation.accuracy' };
    parseEventText(lines.slice(0, 4).join(''), state);
    expect(parseEventText(lines[4], state).best).to.deep.equal([{ epoch: 2, iteration: 20, validationLoss: 0.6, metric: 'validation.accuracy', value: 1 }]);
  });

  it('reads train.monitor from a run folder\'s experiment, refusing what rnnflow does not know', () => {
    expect(monitoredMetric({ train: { monitor: { metric: 'validation.r2', mode: 'max' } } })).to.equal('validation.r2');
    expect(monitoredMetric({ train: {} })).to.equal('validation.loss');
    expect(monitoredMetric({ train: { monitor: { metric: '__proto__' } } })).to.equal('validation.loss');
    expect(monitoredMetric(undefined)).to.equal('validation.loss');
  });
});
