/**
 * A `sequences` run applied to new text: each text is prepared and encoded as training did
 * (data/sequence-input.ts), the net reads each one over its own length, and a class run returns its
 * top-k labels with their probabilities (a regression run its value).
 */
import type { Experiment, SequencesData } from '../../config/types.js';
import { UserError } from '../../core/errors.js';
import { encodeTexts, type TextFacts } from '../../data/sequence-input.js';
import { UNKNOWN_NAME } from '../../data/token-vocabulary.js';
import type { Rnn } from '../../model/rnn.js';
import { csvText } from '../../core/csv-text.js';

export interface TextPredictOptions {
  /** How many labels to return per text, most probable first (default 3; at most the class count). */
  top?: number;
  /** Names the texts in errors: a file (with each text's line), default "--text". */
  source?: { file: string; lines?: readonly number[] };
}

export interface LabelGuess { label: string; probability: number }

export interface TextPrediction {
  text: string;
  /** The steps the net read, after the run's preparation. */
  tokens: string[];
  /** Tokens outside the run's vocabulary, read as `<unk>` (an all-zero input). */
  unknown: string[];
  /** Class runs: the top labels, most probable first. */
  top?: LabelGuess[];
  /** Regression runs: the value. */
  value?: number;
}

export interface TextPredictions { rows: TextPrediction[]; warnings: string[] }

/** What dataset.json of a text run holds that predict needs. */
export interface TextRunFacts extends TextFacts { classNames?: string[] }

export function predictTexts(net: Rnn, experiment: Experiment, facts: TextRunFacts, texts: readonly string[], options: TextPredictOptions = {}): TextPredictions {
  const cfg = experiment.data as SequencesData;
  if (net.spec.outputMode !== 'last') throw new UserError(`predict --text reads runs with one label per text (outputMode "last"); this run labels every step`);
  const top = options.top ?? 3;
  if (!Number.isInteger(top) || top < 1) throw new UserError(`--top ${top}: expected a whole number, 1 or more`);
  const source = options.source;
  const where = (i: number) => (source ? `${source.file}${source.lines ? `, line ${source.lines[i]}` : ''}` : '--text');
  const enc = encodeTexts(texts, cfg, facts, where);
  const { split } = enc;
  const o = net.spec.outputSize;
  const names = facts.classNames;
  const B = Math.min(512, texts.length);
  const x = new Float64Array(split.timesteps * B * split.inputSize);
  const y = new Float64Array(B);
  const lengths = new Int32Array(B);
  const order = Uint32Array.from(texts, (_, i) => i);
  const rows: TextPrediction[] = texts.map((text, i) => ({ text, tokens: enc.tokens[i], unknown: enc.unknown[i] }));
  for (let from = 0; from < texts.length; from += B) {
    const n = Math.min(B, texts.length - from);
    split.gather(order, from, n, x, y, lengths);
    net.forwardBatch(x, n, lengths);
    // Last-step mode with lengths: output() holds each row's output at its own last real step.
    const a = net.output();
    for (let r = 0; r < n; r++) {
      const row = rows[from + r];
      if (!names) { row.value = a[r * o]; continue; }
      row.top = topLabels(a.subarray(r * o, (r + 1) * o), names, top);
    }
  }
  const warnings: string[] = [];
  const withUnknown = rows.filter((r) => r.unknown.length > 0);
  if (withUnknown.length > 0) {
    const list = withUnknown.slice(0, 5).map((r) => `${JSON.stringify(r.text)} (${[...new Set(r.unknown)].join(' ')})`).join(', ');
    warnings.push(`${withUnknown.length} text${withUnknown.length === 1 ? ' has' : 's have'} ${cfg.tokens} the run never saw in training, read as ${UNKNOWN_NAME} (an all-zero input): ${list}${withUnknown.length > 5 ? ', …' : ''}`);
  }
  if (enc.cut > 0) warnings.push(`${enc.cut} text${enc.cut === 1 ? '' : 's'} cut to the run's ${split.timesteps} ${cfg.tokens} (data.tooLong "cut")`);
  return { rows, warnings };
}

/** The `top` most probable labels of probabilities p [classes], most probable first (ties by label). */
export function topLabels(p: ArrayLike<number>, names: readonly string[], top: number): LabelGuess[] {
  const guesses = Array.from(p, (probability, k) => ({ label: names[k], probability }));
  return guesses.sort((u, v) => v.probability - u.probability || (u.label < v.label ? -1 : 1)).slice(0, top);
}

/** Predictions as CSV: text, then label_k, probability_k for k = 1 … top (or value). */
export function textPredictionsCsv(p: TextPredictions, about: { runDir: string; params: string }): string {
  const k = p.rows[0]?.top?.length ?? 0;
  const header = ['text', ...(k > 0 ? Array.from({ length: k }, (_, i) => [`label_${i + 1}`, `probability_${i + 1}`]).flat() : ['value'])];
  const rows: (string | number)[][] = [header];
  for (const r of p.rows) {
    const cells: (string | number)[] = [r.text];
    if (r.top) for (const g of r.top) cells.push(g.label, Number(g.probability.toFixed(6)));
    else cells.push(r.value!);
    rows.push(cells);
  }
  return `# rnnflow predict: run ${about.runDir}, ${about.params} parameters\n` + csvText(rows);
}
