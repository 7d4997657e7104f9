/**
 * What a user needs to feed an exported model as `rnnflow predict` feeds the net, and to read its
 * output, as metadata_props keys of their own, so that nothing of rnnflow's run folder has to be
 * parsed (docs/export.md lists them with an example):
 *
 *   rnnflow.input.description    one sentence: what x (and lengths) hold, and what y is
 *   rnnflow.input.features       JSON array: the names of x's last axis, in order
 *   rnnflow.input.timesteps      the run's steps (a window's length; the longest text for text runs)
 *   rnnflow.input.normalisation  JSON {formula, min, max} (arrays in feature order): csv and PM2.5 runs
 *   rnnflow.input.definitions    JSON {feature: how it is made from the raw columns}: PM2.5 runs
 *   rnnflow.input.vocabulary     JSON array: text runs' one-hot column k is token k
 *   rnnflow.input.text           JSON: text runs' preparation (tokens, stripAccents, lowerCase, keep, tooLong)
 *   rnnflow.output.names         JSON array: the names of y's last axis (the classes, or the target)
 *   rnnflow.output.scaling       JSON {formula, min, max}: value runs' y back in the target's units
 *
 * Everything comes from the run's experiment (its data section) and dataset.json, whose fields are
 * checked here: a damaged file is refused, naming it, rather than written into a model.
 */
import type { DataConfig } from '../../config/types.js';
import { WIND_CODES } from '../../data/pm25/prepare.js';
import { RunFolderError } from '../../run-folder/index.js';

const MIN_MAX = '(value - min) / (max - min) per feature; a feature whose max equals its min: value - min';
const UNSCALE = 'value = y * (max - min) + min; when max equals min: y + min';

/** The input and output keys for a run whose data section is `data` and dataset.json is `facts`. */
export function inputMetadata(data: DataConfig, facts: Record<string, unknown>, datasetFile: string, spec: { timesteps: number; inputSize: number; outputSize: number }): Record<string, string> {
  const read = new FactReader(facts, datasetFile);
  const meta: Record<string, string> = { 'rnnflow.input.timesteps': String(spec.timesteps) };
  let features: string[];
  let outputs: string[];
  switch (data.name) {
    case 'pm25': case 'csv': {
      features = data.features;
      const scale = read.scales('featureScale', features);
      meta['rnnflow.input.normalisation'] = JSON.stringify({ formula: MIN_MAX, min: scale.map((s) => s.min), max: scale.map((s) => s.max) });
      const value = data.name === 'pm25' ? data.target === 'value' : data.task === 'regression';
      const target = data.name === 'pm25' ? 'pm2.5' : data.target;
      if (value) {
        const [s] = read.scales('labelScale', [null]);
        meta['rnnflow.output.scaling'] = JSON.stringify({ formula: UNSCALE, min: s.min, max: s.max });
        outputs = spec.outputSize === 1 ? [target] : Array.from({ length: spec.outputSize }, (_, k) => `${target} +${k + 1}h`);
      } else {
        outputs = read.strings('classNames');
      }
      if (data.name === 'pm25') meta['rnnflow.input.definitions'] = JSON.stringify(Object.fromEntries(features.map((f) => [f, PM25_DEFINITIONS[f]])));
      const next = data.name === 'pm25' || data.predictNext;
      meta['rnnflow.input.description'] = `x[b, t, :] is row t of a window of ${spec.timesteps} consecutive ${data.name === 'pm25' ? 'hours of the UCI Beijing PM2.5 file' : `rows of ${data.name} data`}, ` +
        `its features in rnnflow.input.features order, scaled by rnnflow.input.normalisation; y[b, :] is for the ${next ? 'row after the window\'s last' : 'window\'s last row'}`;
      break;
    }
    case 'sequences': {
      if (facts.vocabulary === undefined) {
        features = Array.from({ length: spec.inputSize }, (_, j) => `feature ${j}`);
      } else {
        features = read.strings('vocabulary');
        meta['rnnflow.input.vocabulary'] = JSON.stringify(features);
        meta['rnnflow.input.text'] = JSON.stringify({ tokens: data.tokens, stripAccents: data.stripAccents, lowerCase: data.lowerCase, keep: data.keep ?? null, tooLong: data.tooLong });
      }
      outputs = facts.classNames === undefined ? ['value'] : read.strings('classNames');
      meta['rnnflow.input.description'] = facts.vocabulary === undefined
        ? 'x[b, t, :] is step t of sequence b (its features as in the training file), lengths[b] its number of steps; steps past it are ignored'
        : `x[b, t, :] is the one-hot row of token t of text b (prepared by rnnflow.input.text; column k is rnnflow.input.vocabulary[k], a token outside it an all-zero row), ` +
          'lengths[b] its number of tokens; steps past it are ignored. y[b, :] is read after the last token';
      break;
    }
    case 'mnist-rows':
      features = Array.from({ length: spec.inputSize }, (_, j) => `pixel ${j}`);
      outputs = Array.from({ length: spec.outputSize }, (_, k) => String(k));
      meta['rnnflow.input.description'] = 'x[b, t, :] is pixel row t (top first) of a 28 × 28 MNIST digit, each pixel in [0, 1] (0 background); y[b, :] gives the digits 0 … 9';
      break;
    case 'minus':
      features = ['bit of a', 'bit of b'];
      outputs = ['bit of a - b'];
      meta['rnnflow.input.description'] = 'x[b, t, :] is bit t (least significant first) of a and of b; y[b, t, 0] the probability that bit t of a − b is 1';
      break;
    case 'echo':
      features = ['signal'];
      outputs = ['first input'];
      meta['rnnflow.input.description'] = 'x[b, t, 0] is the signal at step t; y[b, 0] estimates the first step\'s value';
      break;
  }
  meta['rnnflow.input.features'] = JSON.stringify(features);
  meta['rnnflow.output.names'] = JSON.stringify(outputs);
  return meta;
}

/** How each PM2.5 feature is made from the UCI file's columns (data/pm25/prepare.ts, features.ts). */
const PM25_DEFINITIONS: Record<string, string> = {
  pollution: 'pm2.5 (µg/m³), a missing value linearly interpolated between the known ones around it',
  dewPoint: 'DEWP', temperature: 'TEMP', pressure: 'PRES',
  windDirection: `cbwd as a number: ${Object.entries(WIND_CODES).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  windSpeed: 'the hour\'s wind speed: Iws minus the previous row\'s Iws when cbwd is unchanged, else Iws (Iws accumulates while the direction holds)',
  hourSin: 'sin(2π · hour / 24)', hourCos: 'cos(2π · hour / 24)',
  monthSin: 'sin(2π · (month - 1) / 12)', monthCos: 'cos(2π · (month - 1) / 12)',
  snowHours: 'Is', rainHours: 'Ir',
};

/** dataset.json's fields as the types they must have, or a RunFolderError naming the file and the field. */
class FactReader {
  constructor(private readonly facts: Record<string, unknown>, private readonly file: string) {}

  strings(key: string): string[] {
    const v = this.facts[key];
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw this.wrong(key, 'an array of strings');
    return v as string[];
  }

  /** facts[key][name] for each name ({min, max} each), or facts[key] itself for the name null. */
  scales(key: string, names: (string | null)[]): { min: number; max: number }[] {
    const all = this.facts[key] as Record<string, unknown> | undefined;
    return names.map((name) => {
      const s = (name === null ? all : all?.[name]) as { min?: unknown; max?: unknown } | undefined;
      if (typeof s?.min !== 'number' || typeof s.max !== 'number') throw this.wrong(name === null ? key : `${key}.${name}`, '{ "min": number, "max": number }');
      return { min: s.min, max: s.max };
    });
  }

  private wrong(field: string, expected: string): RunFolderError {
    return new RunFolderError(this.file, `${field} is ${JSON.stringify(this.facts[field.split('.')[0]])?.slice(0, 60) ?? 'missing'}, expected ${expected}; this dataset.json was not written by the run (copy the run folder again, or run it again)`);
  }
}
