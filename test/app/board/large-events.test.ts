/**
 * A large events.jsonl (issue 28: a 600 MB file made the run page answer 500 and one live stream take
 * 75 % of a core sending nothing). Here a generated file of tens of MB (CI stays fast; the 600 MB case
 * is measured by hand, docs/board.md): the page's points are the envelope a slow in-memory reference
 * computes, read in bounded memory; a second request and the live stream read only what is new.
 */
import { expect } from 'chai';
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { tempDir } from '../../helpers/cli.js';
import { readEvents, runFiles } from '../../../src/run-folder/index.js';
import { eventPoints, type Point } from '../../../src/app/board/event-points.js';
import { MAX_CURVE_POINTS, RunHistories } from '../../../src/app/board/run-history.js';
import { LiveRun, MAX_BYTES_PER_POLL } from '../../../src/app/board/live.js';
import { readRunDetail } from '../../../src/app/board/run-reader.js';
import { StreamingEnvelope, StreamingMeans } from '../../../src/app/board/bounded-points.js';

const PER_LINE = 200;
const ITERATIONS_PER_EPOCH = 1000;

/** A loss with structure and a few spikes, as a deterministic function of the step. */
const loss = (i: number) => 1 / (1 + i / 1e5) + 0.01 * Math.sin(i / 7) + (i % 99_991 === 0 ? 5 : 0);

/** `lines` batched `steps` lines from iteration `first`, as StepBatch writes them. */
function stepsText(first: number, lines: number): string {
  let text = '';
  for (let l = 0; l < lines; l++) {
    const from = first + l * PER_LINE;
    const losses = Array.from({ length: PER_LINE }, (_, k) => Number(loss(from + k).toPrecision(6)));
    text += JSON.stringify({ type: 'steps', firstIteration: from, iteration: from + PER_LINE - 1, epoch: 0, losses, eta: 0.01, rows: PER_LINE }) + '\n';
  }
  return text;
}

/**
 * The slow, readable reference: every point in memory, cut into runs of the smallest power-of-two
 * width that leaves at most maxPoints / 2 runs (the envelope: each run's extremes) or maxPoints
 * runs (the means).
 */
function referenceEnvelope(points: Point[], maxPoints: number): { envelope: Point[]; means?: Point[] } {
  const runs = (most: number): Point[][] => {
    let width = 1;
    while (Math.ceil(points.length / width) > most) width *= 2;
    return Array.from({ length: Math.ceil(points.length / width) }, (_, b) => points.slice(b * width, (b + 1) * width));
  };
  const envelope: Point[] = [];
  for (const run of runs(maxPoints / 2)) {
    let lo = 0;
    let hi = 0;
    run.forEach((p, i) => { if (p[1] < run[lo][1]) lo = i; if (p[1] > run[hi][1]) hi = i; });
    envelope.push(...(lo === hi ? [run[lo]] : lo < hi ? [run[lo], run[hi]] : [run[hi], run[lo]]));
  }
  const means = runs(maxPoints).map((run): Point => [run.reduce((s, p) => s + p[0], 0) / run.length, run.reduce((s, p) => s + p[1], 0) / run.length]);
  return { envelope, means: points.length > maxPoints ? means : undefined };
}

describe('board: a large events.jsonl', function () {
  this.timeout(300_000);
  const dir = tempDir('rnnflow-large-events-');
  const file = runFiles(dir).events;
  writeFileSync(file, JSON.stringify({ type: 'start', iterationsPerEpoch: ITERATIONS_PER_EPOCH, time: 0 }) + '\n');
  // ~1,900 bytes a line: 10,000 lines ≈ 19 MB, 2 million steps.
  for (let chunk = 0; chunk < 10; chunk++) appendFileSync(file, stepsText(1 + chunk * 1000 * PER_LINE, 1000));
  const size = statSync(file).size;

  it('the streaming envelope is the slow reference\'s, for any count (spikes kept, at most maxPoints, whole when it fits)', () => {
    for (const count of [0, 1, 7, 1000, 2000, 2001, 4097, 100_003]) {
      const points: Point[] = Array.from({ length: count }, (_, i) => [i / 10, loss(i * 37)]);
      const streaming = new StreamingEnvelope(2000);
      const meanOf = new StreamingMeans(2000);
      points.forEach((p) => { streaming.push(p); meanOf.push(p); });
      const ref = referenceEnvelope(points, 2000);
      expect(streaming.envelope(), `${count}`).to.deep.equal(ref.envelope);
      expect(streaming.envelope().length).to.be.at.most(2000);
      if (count <= 2000) expect(streaming.envelope()).to.deep.equal(points);
      const means = meanOf.means();
      expect(means?.length ?? 0).to.be.at.most(2000);
      expect(means === undefined, `${count}`).to.equal(ref.means === undefined);
      means?.forEach((m, i) => { expect(m[0]).to.be.closeTo(ref.means![i][0], 1e-9 * (1 + Math.abs(m[0]))); expect(m[1]).to.be.closeTo(ref.means![i][1], 1e-9); });
    }
  });

  it(`the run page gets ≤ ${MAX_CURVE_POINTS} points that are the reference envelope of every step (the spikes among them)`, async () => {
    expect(size).to.be.above(15e6);
    const detail = await readRunDetail(dir, '0:large');
    const all = eventPoints(readEvents(file), {}).train;
    expect(all.length).to.equal(2_000_000);
    const ref = referenceEnvelope(all, MAX_CURVE_POINTS);
    expect(detail.points.train).to.deep.equal(ref.envelope);
    expect(detail.points.train.length).to.be.at.most(MAX_CURVE_POINTS);
    const ys = detail.points.train.map((p) => p[1]);
    expect(Math.max(...ys)).to.equal(all.reduce((m, p) => Math.max(m, p[1]), -Infinity)); // the 5-high spikes
    expect(Math.min(...ys)).to.equal(all.reduce((m, p) => Math.min(m, p[1]), Infinity));
    expect(detail.points.trainMean).to.have.length(ref.means!.length);
    expect(detail.offset).to.equal(size);
  });

  it('a second request reads only the bytes appended since, and draws what a fresh read draws', async () => {
    const histories = new RunHistories();
    const first = await histories.read(dir, () => ({}));
    expect(first.bytesRead).to.equal(size);
    const more = stepsText(2_000_001, 3);
    appendFileSync(file, more);
    const second = await histories.read(dir, () => ({}));
    expect(second.bytesRead).to.equal(Buffer.byteLength(more));
    expect(second.points).to.deep.equal((await new RunHistories().read(dir, () => ({}))).points);
  });

  it('the live stream costs what is new: nothing read while the file is quiet, only the appended line after', () => {
    const end = statSync(file).size;
    const live = new LiveRun(dir, end);
    for (let i = 0; i < 10; i++) expect(live.poll()).to.equal(undefined);
    expect(live.bytesRead).to.equal(0);
    const line = stepsText(2_000_601, 1);
    appendFileSync(file, line);
    const update = live.poll()!;
    expect(live.bytesRead).to.equal(Buffer.byteLength(line));
    expect(update.offset).to.equal(end + Buffer.byteLength(line));
    expect(update.points.train.length).to.be.at.most(200);
    // Epochs from the start event's iterationsPerEpoch, though the stream began past it.
    expect(update.points.train[0][0]).to.equal(2_000_601 / ITERATIONS_PER_EPOCH);
    expect(live.poll()).to.equal(undefined);
    // A page that asks from byte 0 catches up a slice per poll, never the whole file in one.
    const fromStart = new LiveRun(dir, 0);
    fromStart.poll();
    expect(fromStart.bytesRead).to.be.at.most(MAX_BYTES_PER_POLL);
  });
});
