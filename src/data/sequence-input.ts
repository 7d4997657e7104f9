/**
 * New text for a trained `sequences` run, encoded exactly as training encoded its samples: the run's
 * preparation (data config) and vocabulary (dataset.json), `<unk>` for a token the training split
 * never had, and its maxLength rule (cut or refuse). Each text names its source in errors: `--text`,
 * or a file and line.
 */
import type { SequencesData } from '../config/types.js';
import { UserError } from '../core/errors.js';
import { textTokens } from './text-tokens.js';
import { TokenVocabulary, UNKNOWN_TOKEN } from './token-vocabulary.js';
import { VariableSequences } from './variable-sequences.js';

/** What a run keeps about its text (dataset.json). */
export interface TextFacts { vocabulary: string[]; timesteps: number }

export interface EncodedTexts {
  split: VariableSequences;
  /** Per text: the tokens it became and those outside the vocabulary (read as all-zero rows). */
  tokens: string[][];
  unknown: string[][];
  /** Texts cut to the run's maxLength (data.tooLong "cut"). */
  cut: number;
}

/** where(i): how an error names text i, e.g. "names.txt, line 3" or "--text". */
export function encodeTexts(texts: readonly string[], cfg: SequencesData, facts: TextFacts, where: (i: number) => string): EncodedTexts {
  const vocabulary = new TokenVocabulary(facts.vocabulary);
  const T = facts.timesteps;
  let cut = 0;
  const tokens = texts.map((text, i) => {
    let t = textTokens(text, cfg);
    if (t.length === 0) {
      throw new UserError(`${where(i)}: ${JSON.stringify(text)} is empty${text.length > 0 ? ' after the run\'s preparation (its data.keep, stripAccents, lowerCase)' : ''}; give at least one ${cfg.tokens === 'words' ? 'word' : 'character'} the run reads`);
    }
    if (t.length > T) {
      if (cfg.tooLong !== 'cut') throw new UserError(`${where(i)}: ${t.length} ${cfg.tokens}, more than the run's ${T}; shorten it (the run was trained with data.tooLong "error")`);
      t = t.slice(0, T);
      cut++;
    }
    return t;
  });
  const offsets = new Int32Array(texts.length + 1);
  tokens.forEach((t, i) => { offsets[i + 1] = offsets[i] + t.length; });
  const ids = new Int32Array(offsets[texts.length]);
  tokens.forEach((t, i) => ids.set(vocabulary.encode(t), offsets[i]));
  const unknown = tokens.map((t) => t.filter((tok) => vocabulary.id(tok) === UNKNOWN_TOKEN));
  // Labels are unknown here: one zero label per text, never read.
  const split = new VariableSequences({ offsets, tokenIds: ids, width: vocabulary.size }, T, 1, false, new Float64Array(texts.length), 0, 'buckets');
  return { split, tokens, unknown, cut };
}
