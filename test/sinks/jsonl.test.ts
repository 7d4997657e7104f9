/** events.jsonl: current within a second while a run trains; steps batched; file order = event order. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createJsonlSink, FLUSH_MS } from '../../src/sinks/jsonl.js';
import type { SinkContext } from '../../src/sinks/sink.js';
import type { RunEvent, StepEvent } from '../../src/events/run-event.js';
import { tempDir } from '../helpers/cli.js';

const context = (runDir: string) => ({ runDir, experiment: {}, source: { file: 'x', baseDir: '.' }, out: process.stdout, plain: true }) as unknown as SinkContext;
const step = (iteration: number, eta = 0.1): StepEvent => ({ type: 'step', epoch: iteration / 10, iteration, loss: 1 / iteration, eta, rows: 4 });
const lines = (runDir: string) => readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('jsonl sink', () => {
  it('makes steps readable within about a second, with no checkpoint or end to force it', async () => {
    const dir = tempDir();
    const sink = createJsonlSink(context(dir));
    sink.next({ type: 'message', level: 'info', text: 'hello' });
    for (let i = 1; i <= 3; i++) sink.next(step(i));
    expect(lines(dir)).to.deep.equal([]); // buffered for now
    await sleep(FLUSH_MS + 500);
    expect(lines(dir)).to.deep.equal([
      { type: 'message', level: 'info', text: 'hello' },
      { type: 'steps', firstIteration: 1, iteration: 3, epoch: 0.3, losses: [1, 0.5, 0.333333], eta: 0.1, rows: 12 },
    ]);
    await sink.close();
  });

  it('keeps event order: pending steps are written before the next other event; rates that change are listed', async () => {
    const dir = tempDir();
    const sink = createJsonlSink(context(dir));
    sink.next(step(1, 0.1));
    sink.next(step(2, 0.05));
    sink.next({ type: 'eval', split: 'validation', epoch: 0.2, iteration: 2, metrics: { loss: 0.5, samples: 3 } } as RunEvent);
    sink.next(step(3));
    await sink.close();
    expect(lines(dir).map((e) => e.type)).to.deep.equal(['steps', 'eval', 'steps']);
    expect(lines(dir)[0]).to.deep.include({ etas: [0.1, 0.05], firstIteration: 1, iteration: 2 });
    expect(lines(dir)[0]).to.not.have.property('eta');
  });

  it('writes the pending steps and then the state line at once (resume cuts the file back to that line)', async () => {
    const dir = tempDir();
    const sink = createJsonlSink(context(dir));
    sink.next(step(1));
    sink.next(step(2));
    sink.next({ type: 'state', epoch: 0.2, iteration: 2, content: '{}' } as RunEvent);
    expect(lines(dir)).to.deep.equal([
      { type: 'steps', firstIteration: 1, iteration: 2, epoch: 0.2, losses: [1, 0.5], eta: 0.1, rows: 8 },
      { type: 'state', epoch: 0.2, iteration: 2, file: 'state/last.json' },
    ]);
    sink.next(step(3));
    await sink.close();
    expect(lines(dir).map((e) => e.type)).to.deep.equal(['steps', 'state', 'steps']);
  });
});
