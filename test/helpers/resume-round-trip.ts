/**
 * The resume round trip the training-state tests share: a run interrupted after iteration n saves a
 * TrainingState, which goes through its file form, and a freshly prepared run restored from it
 * trains on; it must give the same bits as the run that was never interrupted.
 */
import { expect } from 'chai';
import { lastValueFrom, tap } from 'rxjs';
import { validateExperiment } from '../../src/app/experiment-file.js';
import type { SequenceSet } from '../../src/data/types.js';
import type { RunEvent, RunSummary } from '../../src/events/run-event.js';
import { prepareRun, trainingEvents } from '../../src/train/run.js';
import { decodeStateFile, type TrainingState } from '../../src/train/training-state.js';

const source = { file: '<test>', baseDir: process.cwd() };

export interface InMemoryRun {
  /** Interrupt after this iteration's step (Ctrl-C's path: the run saves its state and ends interrupted). */
  stopAfter?: number;
  resumeFrom?: TrainingState;
  /** A dataset built in code in place of the experiment's (e.g. ragged sequences). */
  data?: () => SequenceSet;
}

/** Runs an experiment in-process, nothing written; returns its events. */
export async function runInMemory(doc: object, o: InMemoryRun = {}): Promise<RunEvent[]> {
  const setup = prepareRun(validateExperiment(doc, source), source);
  if (o.data) setup.data = o.data();
  const controller = new AbortController();
  const events: RunEvent[] = [];
  try {
    await lastValueFrom(trainingEvents(setup, { runDir: '<memory>', signal: controller.signal, resumeFrom: o.resumeFrom }).pipe(tap((e) => {
      events.push(e);
      if (e.type === 'step' && e.iteration === o.stopAfter) controller.abort();
    })));
  } finally {
    await setup.trainer.close();
  }
  return events;
}

export const finalParams = (events: RunEvent[]) => {
  const c = events.find((e) => e.type === 'checkpoint' && (e.kind === 'final' || e.kind === 'interrupted'));
  return c?.type === 'checkpoint' ? c.params.flat : new Float64Array(0);
};

export const summaryOf = (events: RunEvent[]): RunSummary => {
  const end = events.at(-1);
  if (end?.type !== 'end') throw new Error('no end event');
  return end.summary;
};

/** What must match bit for bit: steps, evaluations and checkpoints after `from` (timing fields aside). */
export const trainingRecord = (events: RunEvent[], from: number) => events.flatMap((e) => {
  if (e.type === 'step' || e.type === 'eval') return e.iteration > from ? [JSON.stringify(e)] : [];
  if (e.type === 'checkpoint') return e.iteration > from ? [JSON.stringify({ ...e, params: Array.from(e.params.flat) })] : [];
  if (e.type === 'epoch') return e.iteration > from ? [JSON.stringify({ ...e, seconds: 0, samplesPerSecond: 0 })] : [];
  return [];
});

export const bits = (a: Float64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

/**
 * `doc` interrupted after iteration n, then each of `resumed` (the same experiment, e.g. on other
 * thread counts) restored from its state: the same final bits, training record and summary as `doc`
 * uninterrupted.
 */
export async function expectResumeExact(doc: object, n: number, resumed: object | object[] = doc, data?: () => SequenceSet): Promise<void> {
  const full = await runInMemory(doc, { data });
  const first = await runInMemory(doc, { stopAfter: n, data });
  expect(summaryOf(first).status).to.equal('interrupted');
  const saved = first.filter((e) => e.type === 'state').at(-1);
  if (saved?.type !== 'state') throw new Error('the interrupted run saved no state');
  expect(saved.iteration).to.equal(n);
  const state = decodeStateFile(saved.content).state;
  expect(trainingRecord(full, n).length, 'training goes on after the interruption').to.be.greaterThan(0);
  for (const [i, resumedDoc] of (Array.isArray(resumed) ? resumed : [resumed]).entries()) {
    const rest = await runInMemory(resumedDoc, { resumeFrom: state, data });
    expect(rest[0].type).to.equal('resume');
    expect(bits(finalParams(rest)), `resumed run ${i}`).to.equal(bits(finalParams(full)));
    expect(trainingRecord(rest, n), `resumed run ${i}`).to.deep.equal(trainingRecord(full, n));
    const { seconds: _a, ...fullSummary } = summaryOf(full);
    const { seconds: _b, ...restSummary } = summaryOf(rest);
    void _a; void _b;
    expect(restSummary, `resumed run ${i}`).to.deep.equal(fullSummary);
  }
}
