/**
 * `GET /model`: what a client needs to call the served run, read from the loaded run (never from
 * the training data): its id and parameter set, the net's spec, the inputs it reads (the columns of
 * a row, or the tokens of a text) and the outputs it gives (a value in the target's unit, or classes).
 */
import { PM25_INPUT_COLUMNS } from '../../data/pm25/input.js';
import type { RnnSpec } from '../../model/spec.js';
import { readsText, type ServedRun } from './predict-route.js';

export interface ModelFacts {
  run: string;
  /** The experiment's name. */
  name: string;
  params: string;
  /** The data section's name: pm25, csv or sequences. */
  data: string;
  spec: RnnSpec;
  inputs: RowInputs | TextInputs;
  outputs: { kind: 'value'; target: string; unit?: string; maxHorizon: number } | { kind: 'classes'; classes: string[] };
}

interface RowInputs {
  kind: 'rows';
  /** The columns every row must have (others are ignored). */
  columns: string[];
  /** A window is this many consecutive rows; each window gives one prediction. */
  timesteps: number;
  /** A CSV body's cell separator and decimal mark. */
  delimiter: string; decimal: string;
}

interface TextInputs {
  kind: 'text';
  tokens: 'characters' | 'words';
  /** Tokens the run knows (any other reads as <unk>). */
  vocabularySize: number;
  /** The longest text it reads (longer: cut or refused, as the run's data.tooLong says). */
  maxTokens: number;
}

export function modelFacts(run: ServedRun, maxHorizon: number): ModelFacts {
  const { experiment, facts, net } = run.model;
  const data = experiment.data;
  const spec = net.spec;
  let inputs: ModelFacts['inputs'];
  if (readsText(run) && data.name === 'sequences') {
    const text = facts as unknown as { vocabulary: string[]; timesteps: number };
    inputs = { kind: 'text', tokens: data.tokens, vocabularySize: text.vocabulary.length, maxTokens: text.timesteps };
  } else if (data.name === 'pm25') {
    inputs = { kind: 'rows', columns: [...PM25_INPUT_COLUMNS], timesteps: spec.timesteps, delimiter: ',', decimal: '.' };
  } else if (data.name === 'csv') {
    const time = data.timeColumn !== undefined && !data.features.includes(data.timeColumn) ? [data.timeColumn] : [];
    inputs = { kind: 'rows', columns: [...data.features, ...time], timesteps: spec.timesteps, delimiter: data.delimiter ?? ',', decimal: data.decimal ?? '.' };
  } else {
    throw new Error(`serve: a ${data.name} run got past loadRun`);
  }
  // A regression head gives a value (in the target's unit); the others give classes, named as predict names them.
  const outputs: ModelFacts['outputs'] = spec.netType !== 'regression'
    ? { kind: 'classes', classes: facts.classNames ?? Array.from({ length: spec.outputSize }, (_, j) => String(j)) }
    : data.name === 'pm25' ? { kind: 'value', target: 'pm2.5', unit: 'µg/m³', maxHorizon }
    : { kind: 'value', target: data.name === 'csv' ? data.target : (data.name === 'sequences' ? data.labelColumn : ''), maxHorizon: 1 };
  return { run: run.id, name: experiment.name, params: run.model.params, data: data.name, spec, inputs, outputs };
}
