/**
 * Per-step latency of streaming inference (loadRun(dir).stream, src/app/predict/stream): each
 * observation pushed through the operator on its own and timed from next() to its prediction, after
 * a warm-up pass; median and 99th percentile in µs. Beside it, the net's share alone (StepNet: step
 * every carried state, then the head), so the rest is predict's preparation of the row. Nets are
 * untrained (seeded PyTorch init): latency does not depend on the weights' values.
 *   PM2.5: the book's 24-hour windows, 12 features, 2014's 8,760 rows; each row steps 24 staggered states.
 *   Names: the surnames' characters through names-gru's GRU-64, one carried state.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Subject } from 'rxjs';
import type { Experiment, Pm25Data, SequencesData } from '../src/config/types.js';
import { Random } from '../src/core/random.js';
import { streamOperator } from '../src/app/predict/stream/stream-operator.js';
import type { StreamRun } from '../src/app/predict/stream/stream-steps.js';
import type { StreamObservation } from '../src/app/predict/stream/types.js';
import { parseCsvTable } from '../src/data/csv-table.js';
import { readDataText } from '../src/data/data-file.js';
import { loadDataset } from '../src/data/index.js';
import { initParameters } from '../src/model/init.js';
import { Rnn } from '../src/model/rnn.js';
import type { CellType, RnnSpec } from '../src/model/spec.js';
import { StepNet } from '../src/model/step-net.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FEATURES: Pm25Data['features'] = ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed', 'hourSin', 'hourCos', 'monthSin', 'monthCos', 'snowHours', 'rainHours'];

export interface StreamLatency { steps: number; medianUs: number; p99Us: number; netMedianUs: number }

/** stream pm25 <cell> 12/16/1 T=24, or stream names gru 29/64/18. */
export function streamLatency(model: 'pm25-elman' | 'pm25-gru' | 'names-gru', quick: boolean): StreamLatency {
  const { run, observations, starts } = model === 'names-gru' ? namesRun() : pm25Run(model === 'pm25-gru' ? 'gru' : 'elman');
  const used = quick ? observations.slice(0, 2000) : observations;
  /** µs of push(o) for each observation; before(i) runs first, untimed. */
  const time = (push: (o: StreamObservation) => void, before?: (i: number) => void) => used.map((o, i) => {
    before?.(i);
    const t0 = performance.now();
    push(o);
    return (performance.now() - t0) * 1000;
  });
  const through = () => {
    const source = new Subject<StreamObservation>(), reset = new Subject<void>();
    let predictions = 0;
    source.pipe(streamOperator(run, { reset })).subscribe({ next: () => { predictions++; }, error: (e: unknown) => { throw e; } });
    // A new name starts a new sequence.
    const us = time((o) => source.next(o), (i) => { if (starts.has(i)) reset.next(); });
    if (predictions === 0) throw new Error('bench stream: no prediction came out');
    return us;
  };
  through(); // warm-up: JIT tiers, first allocations
  const us = through();
  const net = new StepNet(run.net.spec, run.net.params.flat, run.experiment.data.name === 'sequences' ? 1 : run.net.spec.timesteps, run.net.kernels);
  const x = new Float64Array(run.net.spec.inputSize).fill(0.5), out = new Float64Array(run.net.spec.outputSize);
  const netUs = () => time(() => { net.resetRow(0); net.step(x); net.output(0, out); });
  netUs();
  return { steps: used.length, medianUs: quantile(us, 0.5), p99Us: quantile(us, 0.99), netMedianUs: quantile(netUs(), 0.5) };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function untrained(spec: RnnSpec): Rnn {
  const net = new Rnn(spec);
  initParameters(net.params, 'pytorch', new Random(1, 'init'));
  return net;
}

interface Workload { run: StreamRun; observations: StreamObservation[]; starts: Set<number> }

function pm25Run(cell: CellType): Workload {
  const data: Pm25Data = { name: 'pm25', file: 'data/PRSA_data_2010.1.1-2014.12.31.csv.gz', timesteps: 24, target: 'value', features: FEATURES, validation: { method: 'holdout', size: 500 }, horizons: [1] };
  const set = loadDataset(data, { seed: 1, baseDir: packageDir, packageDir });
  const net = untrained({ netType: 'regression', outputMode: 'last', timesteps: 24, inputSize: FEATURES.length, hiddenSize: 16, outputSize: 1, bias: true, cell });
  const lines = readDataText(path.join(packageDir, data.file)).trim().split('\n');
  const table = parseCsvTable([lines[0], ...lines.filter((l) => l.split(',')[1] === '2014')].join('\n'), '2014.csv');
  const observations = table.records.map((rec) => Object.fromEntries(table.header.map((h, j) => [h, rec[j]])));
  return { run: { dir: '(bench)', experiment: { data } as unknown as Experiment, facts: set.info as StreamRun['facts'], net }, observations, starts: new Set() };
}

function namesRun(): Workload {
  const data = {
    name: 'sequences', file: 'data/names.tsv.gz', format: 'auto', textColumn: 'text', labelColumn: 'label', tokens: 'characters',
    stripAccents: true, lowerCase: true, keep: "abcdefghijklmnopqrstuvwxyz ,'", dropDuplicates: true, tooLong: 'cut', task: 'classes',
    validationFraction: 0.1, testFraction: 0.1, stratify: true, batching: 'buckets',
  } as SequencesData;
  const set = loadDataset(data, { seed: 1, baseDir: packageDir, packageDir });
  const facts = set.info as StreamRun['facts'] & { timesteps: number };
  const net = untrained({ netType: 'multiclass', outputMode: 'last', timesteps: facts.timesteps, inputSize: facts.vocabulary!.length, hiddenSize: 64, outputSize: facts.classNames!.length, bias: true, cell: 'gru' });
  const names = readDataText(path.join(packageDir, data.file)).trim().split('\n').slice(1, 2001).map((l) => l.split('\t')[0]);
  // Each name its own sequence: a reset before its first character.
  const starts = new Set<number>();
  let at = 0;
  for (const n of names) { starts.add(at); at += [...n].length; }
  return { run: { dir: '(bench)', experiment: { data } as unknown as Experiment, facts, net }, observations: names.flatMap((n) => [...n]), starts };
}
