/**
 * Run and sweep folders written the way `rnnflow exp` and `rnnflow sweep` write them (same files,
 * same event shapes), but instantly and with chosen values: the board tests need runs that differ in
 * known fields, a run still "training", and a description holding markup.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakeRun {
  name: string;
  seed?: number;
  eta?: number;
  hiddenSize?: number;
  description?: string;
  epochs?: number;
  stepsPerEpoch?: number;
  /** "running": no end event and no summary yet. */
  status?: string;
  /** ms since 1970 for the start event. */
  time?: number;
  /** train.monitor.metric (absent: the validation loss, the default). */
  monitor?: 'validation.accuracy' | 'validation.r2';
  /** The task's own metric at each check: accuracy 0.6, 0.8, 1 (a binary net, the default) or R² 0.13, 0.53, 0.93 (a regression net). */
  metric?: 'accuracy' | 'r2';
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

export function experimentOf(run: FakeRun) {
  return {
    name: run.name, description: run.description ?? `fake ${run.name}`, seed: run.seed ?? 1,
    data: { name: 'minus', bits: 4 },
    model: { netType: run.metric === 'r2' ? 'regression' : 'binary', outputMode: 'each', hiddenSize: run.hiddenSize ?? 4, bias: false, init: 'book' },
    train: {
      optimizer: 'sgd', eta: run.eta ?? 0.1, batchSize: 1, maxEpochs: run.epochs ?? 3, checkpointEvery: 1,
      ...(run.monitor ? { monitor: { metric: run.monitor, mode: 'max' } } : {}),
    },
  };
}

/** The loss a fake run has at step i: falling, with a wiggle. */
export const fakeLoss = (i: number) => 2 / (1 + i / 50) + 0.05 * Math.sin(i);

export function stepLines(from: number, count: number, stepsPerEpoch: number, eta = 0.1): string {
  let text = '';
  for (let i = from; i < from + count; i++) {
    text += JSON.stringify({ type: 'step', epoch: Math.floor((i - 1) / stepsPerEpoch), iteration: i, loss: fakeLoss(i), eta, rows: 1 }) + '\n';
  }
  return text;
}

/** Writes the run folder; returns its path. */
export function writeRun(dir: string, run: FakeRun): string {
  mkdirSync(dir, { recursive: true });
  const experiment = experimentOf(run);
  const epochs = run.epochs ?? 3;
  const per = run.stepsPerEpoch ?? 20;
  const lines: string[] = [JSON.stringify({ type: 'start', name: run.name, runDir: dir, seed: experiment.seed, experiment, dataInfo: { bits: 4, pairs: 136 }, trainSamples: per, iterationsPerEpoch: per, maxEpochs: epochs, time: run.time ?? Date.now() })];
  let text = lines[0] + '\n';
  // Validation loss grows with eta, so trials of a sweep draw apart.
  const own = run.metric ?? 'accuracy';
  const ownAt = (e: number) => (own === 'r2' ? 0.13 + 0.4 * (e - 1) : Math.min(1, 0.4 + 0.2 * e));
  const metrics = (e: number) => ({ loss: fakeLoss(e * per) * (1 + experiment.train.eta) + 0.02, samples: 136, [own]: ownAt(e) });
  let csv = `epoch,iteration,split,loss,${own},samples\n`;
  for (let e = 1; e <= epochs; e++) {
    text += stepLines((e - 1) * per + 1, per, per, experiment.train.eta);
    text += JSON.stringify({ type: 'eval', split: 'validation', epoch: e, iteration: e * per, metrics: metrics(e) }) + '\n';
    csv += `${e},${e * per},validation,${metrics(e).loss},${ownAt(e)},136\n`;
    text += JSON.stringify({ type: 'checkpoint', kind: 'best', epoch: e, iteration: e * per, validationLoss: metrics(e).loss, file: 'params/best.json' }) + '\n';
    text += JSON.stringify({ type: 'epoch', epoch: e, iteration: e * per, seconds: 0.01, samplesPerSecond: 1000, trainLoss: fakeLoss(e * per) }) + '\n';
  }
  writeFileSync(join(dir, 'experiment.resolved.json'), json(experiment));
  writeFileSync(join(dir, 'dataset.json'), json({ bits: 4, pairs: 136 }));
  writeFileSync(join(dir, 'metrics.csv'), csv);
  if (run.status !== 'running') {
    const final = metrics(epochs);
    const summary = {
      name: run.name, status: run.status ?? 'completed', seed: experiment.seed, epochs, iterations: epochs * per, seconds: 0.1,
      reason: run.status === 'pruned' ? `validation.loss at the ${epochs}-epoch rung is not in the best 1/2 (prune: asha)` : `reached train.maxEpochs (${epochs})`, metrics: { validation: final, test: final }, bestParams: { validation: final, test: final },
      best: { epoch: epochs, iteration: epochs * per, validationLoss: final.loss }, runDir: dir,
    };
    text += JSON.stringify({ type: 'end', status: summary.status, summary }) + '\n';
    writeFileSync(join(dir, 'summary.json'), json(summary));
  }
  writeFileSync(join(dir, 'events.jsonl'), text);
  return dir;
}

export function appendEvents(dir: string, text: string): void {
  appendFileSync(join(dir, 'events.jsonl'), text);
}

/** A finished sweep over train.eta and model.hiddenSize, ranked by validation loss (min); `prune` as sweep.json writes it. */
export function writeSweep(dir: string, trials: FakeTrial[], prune?: object): string {
  mkdirSync(join(dir, 'trials'), { recursive: true });
  writeFileSync(join(dir, 'sweep.json'), json({
    name: 'fake-sweep', description: 'eta and hidden size', method: 'grid', metric: 'bestParams.validation.loss', goal: 'min', prune,
    parameters: [{ path: 'train.eta', spec: { kind: 'values', values: trials.map((t) => t.eta) } }, { path: 'model.hiddenSize', spec: { kind: 'values', values: trials.map((t) => t.hiddenSize) } }],
  }));
  writeFileSync(join(dir, 'trials.json'), json({ format: 'rnnflow-sweep-trials', version: 1, trials: trials.map((t, index) => ({ index, id: t.id, params: { 'train.eta': t.eta, 'model.hiddenSize': t.hiddenSize } })) }));
  trials.forEach((t, index) => writeTrial(dir, t, index));
  return dir;
}

/** pruneAt: the trial was pruned after that many epochs; running: it has trained 1 epoch and goes on. */
type FakeTrial = { id: string; eta: number; hiddenSize: number; pruneAt?: number; running?: boolean };

/** A trial's folder (finished unless `running`); its metric is eta·10 + hiddenSize/100. */
function writeTrial(dir: string, t: FakeTrial, index: number): void {
  const runDir = join(dir, 'trials', t.id);
  const status = t.running ? 'running' : t.pruneAt ? 'pruned' : 'completed';
  writeRun(runDir, { name: 'fake', eta: t.eta, hiddenSize: t.hiddenSize, epochs: t.running ? 1 : t.pruneAt ?? 2, status });
  if (t.running) return;
  writeFileSync(join(runDir, 'outcome.json'), json({ id: t.id, index, params: { 'train.eta': t.eta, 'model.hiddenSize': t.hiddenSize }, status: 'done', runStatus: status, metric: t.eta * 10 + t.hiddenSize / 100 }));
}

/** A trial that finishes while the sweep's page is open: listed in trials.json, then its folder written. */
export function addTrial(dir: string, t: FakeTrial): void {
  const file = join(dir, 'trials.json');
  const plan = JSON.parse(readFileSync(file, 'utf8')) as { trials: unknown[] };
  plan.trials.push({ index: plan.trials.length, id: t.id, params: { 'train.eta': t.eta, 'model.hiddenSize': t.hiddenSize } });
  writeFileSync(file, json(plan));
  writeTrial(dir, t, plan.trials.length - 1);
}
