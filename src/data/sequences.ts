/**
 * The `sequences` dataset: a user's file of samples of any length (sequence-file.ts), prepared
 * (text → tokens, text-tokens.ts), split by a seeded shuffle (label-split.ts), encoded with a
 * vocabulary fitted on the training split alone (token-vocabulary.ts), and served as padded batches
 * grouped by length (variable-sequences.ts, length-batches.ts).
 *
 * Whatever cannot be trained on stops the load with the file, the line and the fix: an empty
 * sequence, one longer than data.maxLength (unless tooLong is "cut"), a label the training split
 * never has, a vocabulary of one token, per-step labels that do not match the steps.
 */
import type { SequencesData } from '../config/types.js';
import { DataError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { parseDecimal } from './csv-table.js';
import { dataFilePath, readDataBytes } from './data-file.js';
import { splitIndices } from './label-split.js';
import { decodeUtf8, formatOf, parseSequenceFile, type RawLabel, type RawSample } from './sequence-file.js';
import { listTokens, textTokens, type TextPreparation } from './text-tokens.js';
import { byCodePoint, TokenVocabulary, UNKNOWN_NAME } from './token-vocabulary.js';
import type { DatasetContext, SequenceSet } from './types.js';
import { VariableSequences } from './variable-sequences.js';

/** A sample after preparation: its steps (tokens or numbers) and its label(s). */
interface Prepared {
  line: number;
  tokens?: string[];
  /** [steps][features] */ features?: number[][];
  labels: RawLabel[];
}

export function textPreparation(cfg: SequencesData): TextPreparation {
  return { tokens: cfg.tokens, stripAccents: cfg.stripAccents, lowerCase: cfg.lowerCase, keep: cfg.keep };
}

export function loadSequences(cfg: SequencesData, ctx: DatasetContext): SequenceSet {
  const file = dataFilePath(cfg, ctx)!;
  const format = formatOf(file, cfg.format);
  const raw = parseSequenceFile(decodeUtf8(readDataBytes(file), file), file, format, { text: cfg.textColumn, label: cfg.labelColumn });
  const perStep = checkSameForm(raw, file);
  const { samples, duplicates, cut } = prepareAll(raw, cfg, file, perStep);
  const timesteps = cfg.maxLength ?? Math.max(...samples.map(stepsOf));

  const stratify = cfg.stratify;
  if (stratify && perStep) throw new DataError(file, 'data.stratify needs one label per sample ("label"); these samples have "labels" per step: set data.stratify to false');
  const parts = splitIndices(samples.length, stratify ? (i) => String(samples[i].labels[0]) : () => '',
    { validation: cfg.validationFraction, test: cfg.testFraction }, new Random(ctx.seed, 'data'));
  for (const name of ['train', 'validation', 'test'] as const) {
    if (parts[name].length === 0 && !(name === 'validation' && cfg.validationFraction === 0)) {
      throw new DataError(file, `the ${name} split is empty (${samples.length} samples, validationFraction ${cfg.validationFraction}, testFraction ${cfg.testFraction}); add samples or change the fractions`);
    }
  }
  const train = parts.train.map((i) => samples[i]);
  const vocabulary = samples[0].tokens ? TokenVocabulary.fit(train.map((s) => s.tokens!)) : undefined;
  if (vocabulary && vocabulary.size < 2) {
    throw new DataError(file, `the training split has a vocabulary of ${vocabulary.size} token (${JSON.stringify(vocabulary.tokens[0])}): every step would read the same input. ` +
      'Check data.keep, data.tokens and data.lowerCase, or add samples with other tokens');
  }
  const classNames = cfg.task === 'classes' ? [...new Set(train.flatMap((s) => s.labels.map(String)))].sort(byCodePoint) : undefined;
  if (classNames && classNames.length < 2) {
    throw new DataError(file, `the training split has one class (${JSON.stringify(classNames[0])}); a classifier needs at least two: add samples of other labels`);
  }
  const width = vocabulary?.size ?? samples[0].features![0].length;
  const build = (indices: number[]) => encodeSplit(indices.map((i) => samples[i]), { file, timesteps, width, vocabulary, classNames, perStep, seed: ctx.seed, cfg });
  const sets = { train: build(parts.train), validation: cfg.validationFraction === 0 ? undefined : build(parts.validation), test: build(parts.test) };
  const lengths = samples.map(stepsOf);
  const countBy = (indices: number[]) => classNames?.map((c) => indices.filter((i) => String(samples[i].labels[0]) === c).length);
  return {
    train: sets.train, validation: sets.validation ?? sets.train, test: sets.test,
    ...(classNames ? { labelMeaning: { classNames } } : {}),
    info: {
      file, format, task: cfg.task, timesteps,
      samples: { lines: raw.length, used: samples.length, train: parts.train.length, validation: parts.validation.length, test: parts.test.length },
      droppedDuplicates: duplicates, cutToMaxLength: cut,
      lengths: { min: Math.min(...lengths), max: Math.max(...lengths), mean: lengths.reduce((a, b) => a + b, 0) / lengths.length },
      ...(vocabulary ? { preparation: textPreparation(cfg), vocabulary: vocabulary.tokens, unknownToken: `${UNKNOWN_NAME}: a token outside the vocabulary reads as an all-zero input row` } : { features: width }),
      ...(classNames ? { classNames, perClass: { train: countBy(parts.train), validation: countBy(parts.validation), test: countBy(parts.test) } } : {}),
      batching: cfg.batching,
    },
  };
}

const stepsOf = (s: Prepared): number => (s.tokens ?? s.features!).length;

function numericLabel(l: RawLabel): number | undefined {
  const v = typeof l === 'number' ? l : parseDecimal(l.trim());
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** Every line must give the same kind of input and of label; returns whether labels are per step. */
function checkSameForm(raw: RawSample[], file: string): boolean {
  const kind = (s: RawSample) => (s.features ? 'features' : s.tokens ? 'tokens' : 'text');
  const first = raw[0];
  const width = first.features?.[0]?.length;
  for (const s of raw) {
    if ((kind(s) === 'features') !== (kind(first) === 'features')) {
      throw new DataError(file, `line ${s.line} gives "${kind(s)}" where line ${first.line} gives "${kind(first)}"; one file holds either text/tokens or numeric features`);
    }
    if ((s.labels !== undefined) !== (first.labels !== undefined)) {
      throw new DataError(file, `line ${s.line} gives ${s.labels ? '"labels" per step' : 'one "label"'} where line ${first.line} gives ${first.labels ? '"labels" per step' : 'one "label"'}; use the same form on every line`);
    }
    const bad = s.features?.findIndex((step) => step.length !== width) ?? -1;
    if (bad >= 0) throw new DataError(file, `line ${s.line}, step ${bad + 1} has ${s.features![bad].length} features where line ${first.line} has ${width}; every step needs the same number`);
  }
  return first.labels !== undefined;
}

function prepareAll(raw: RawSample[], cfg: SequencesData, file: string, perStep: boolean): { samples: Prepared[]; duplicates: number; cut: number } {
  const prep = textPreparation(cfg);
  const seen = new Set<string>();
  const samples: Prepared[] = [];
  let duplicates = 0;
  let cut = 0;
  for (const s of raw) {
    const p: Prepared = { line: s.line, labels: perStep ? s.labels! : [s.label!] };
    if (s.features) p.features = s.features;
    else p.tokens = s.tokens ? listTokens(s.tokens, prep) : textTokens(s.text!, prep);
    const steps = stepsOf(p);
    if (steps === 0) {
      const given = s.features ? 0 : (s.tokens ?? [...s.text!]).length;
      throw new DataError(file, `line ${s.line}: the sequence is empty${given > 0 ? ` after preparation (data.keep, data.stripAccents, data.lowerCase removed all of ${JSON.stringify(s.text ?? s.tokens)})` : ''}; remove the line or give it at least one step`);
    }
    if (perStep && p.labels.length !== steps) {
      throw new DataError(file, `line ${s.line} has ${p.labels.length} labels for ${steps} steps${s.features ? '' : ' (after preparation)'}; give one label per step`);
    }
    if (cfg.maxLength !== undefined && steps > cfg.maxLength) {
      if (cfg.tooLong === 'error') {
        throw new DataError(file, `line ${s.line}: the sequence has ${steps} steps, more than data.maxLength ${cfg.maxLength}; raise data.maxLength, shorten the line, or set data.tooLong to "cut" (keeps the first ${cfg.maxLength})`);
      }
      p.tokens = p.tokens?.slice(0, cfg.maxLength);
      p.features = p.features?.slice(0, cfg.maxLength);
      if (perStep) p.labels = p.labels.slice(0, cfg.maxLength);
      cut++;
    }
    if (cfg.task === 'regression') {
      const bad = p.labels.find((l) => numericLabel(l) === undefined);
      if (bad !== undefined) throw new DataError(file, `line ${s.line}: label ${JSON.stringify(bad)} is not a number; data.task "regression" needs numeric labels (or set data.task to "classes")`);
    }
    if (cfg.dropDuplicates) {
      const key = JSON.stringify([p.tokens ?? p.features, p.labels]);
      if (seen.has(key)) { duplicates++; continue; }
      seen.add(key);
    }
    samples.push(p);
  }
  return { samples, duplicates, cut };
}

interface EncodeOptions {
  file: string; timesteps: number; width: number; vocabulary?: TokenVocabulary; classNames?: string[]; perStep: boolean; seed: number; cfg: SequencesData;
}

function encodeSplit(samples: Prepared[], o: EncodeOptions): VariableSequences {
  const offsets = new Int32Array(samples.length + 1);
  samples.forEach((s, i) => { offsets[i + 1] = offsets[i] + stepsOf(s); });
  const total = offsets[samples.length];
  const out = o.classNames?.length ?? 1;
  const classIndex = new Map(o.classNames?.map((c, k) => [c, k]));
  const labels = new Float64Array((o.perStep ? total : samples.length) * out);
  const tokenIds = o.vocabulary ? new Int32Array(total) : undefined;
  const features = o.vocabulary ? undefined : new Float64Array(total * o.width);
  samples.forEach((s, i) => {
    if (tokenIds) tokenIds.set(o.vocabulary!.encode(s.tokens!), offsets[i]);
    else s.features!.forEach((step, t) => features!.set(step, (offsets[i] + t) * o.width));
    s.labels.forEach((l, t) => {
      const row = o.perStep ? offsets[i] + t : i;
      if (!o.classNames) { labels[row] = numericLabel(l)!; return; }
      const k = classIndex.get(String(l));
      if (k === undefined) {
        const known = `${o.classNames.slice(0, 20).join(', ')}${o.classNames.length > 20 ? ', …' : ''}`;
        throw new DataError(o.file, `line ${s.line}: label ${JSON.stringify(String(l))} never occurs in the training split (its labels: ${known}); ` +
          `add training samples with it or remove its lines${o.cfg.stratify ? '' : ' (data.stratify: true puts a label with 2 or more samples in training)'}`);
      }
      labels[row * out + k] = 1;
    });
  });
  return new VariableSequences({ offsets, tokenIds, features, width: o.width }, o.timesteps, out, o.perStep, labels, o.seed, o.cfg.batching);
}
