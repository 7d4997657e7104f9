/** The printed summary hides nothing and shows no NaN for a loss that does not exist. */
import { expect } from 'chai';
import { summaryLines } from '../../src/sinks/console.js';
import { formatMetrics } from '../../src/sinks/format.js';
import { fakeSummary } from '../app/expect/fake-summary.js';

describe('console summary', () => {
  it('prints – for a baseline without a loss (persistence on classes), never NaN', () => {
    const s = fakeSummary({ baseline: { name: 'persistence', validation: { loss: NaN, accuracy: 0.7, samples: 100 }, test: { loss: NaN, accuracy: 0.71, samples: 200 } } });
    const lines = summaryLines(s);
    expect(lines.join('\n')).to.not.contain('NaN');
    expect(lines.find((l) => l.includes('test (persistence)'))).to.match(/loss – acc 0\.7100/);
    expect(formatMetrics({ loss: 0.25, accuracy: 0.5, samples: 1 })).to.equal('loss 0.2500 acc 0.5000');
  });

  it('fits 100 columns: a long description and reason wrap, every word kept', () => {
    const description = 'Next-hour PM2.5 (scaled µg/m³) from the last 3 hours of weather, pollution and time of day/year; R² at 1, 2, 4, 8 hours ahead';
    const reason = 'no lower validation loss for 10 checks in a row (train.patience) after a long and winding road of many many epochs';
    const lines = summaryLines(fakeSummary({ reason, status: 'early-stopped' }), description);
    for (const l of lines) expect(l.length, l).to.be.at.most(100);
    const text = lines.join(' ').replace(/\s+/g, ' ');
    expect(text).to.contain(`pm25: ${description}`);
    expect(text).to.contain(`early-stopped: ${reason}`);
  });

  it('shows the experiment\'s description first when it has one', () => {
    expect(summaryLines(fakeSummary(), 'Next-hour PM2.5 class')[0]).to.equal('pm25: Next-hour PM2.5 class');
    expect(summaryLines(fakeSummary(), '')[0]).to.match(/^completed:/);
  });
});
