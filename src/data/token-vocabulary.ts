/**
 * The tokens a run knows, fitted on the training split only and stored in the run's dataset.json, so
 * predict encodes new text exactly as training did. Token k is one-hot column k. A token the training
 * split never had is `<unk>`: id −1, written as an all-zero row (no column is 1), never an error.
 */
import { UserError } from '../core/errors.js';

/** The documented id of a token outside the vocabulary; its one-hot row is all zeros. */
export const UNKNOWN_TOKEN = -1;
export const UNKNOWN_NAME = '<unk>';

export class TokenVocabulary {
  private readonly ids: Map<string, number>;

  /** tokens: in column order (dataset.json's `vocabulary`). */
  constructor(readonly tokens: readonly string[]) {
    this.ids = new Map(tokens.map((t, k) => [t, k]));
    if (this.ids.size !== tokens.length) throw new UserError(`a vocabulary lists a token twice (${tokens.length} entries, ${this.ids.size} distinct); was dataset.json edited?`);
  }

  /** The training split's distinct tokens, sorted by code point so the columns do not depend on file order. */
  static fit(sequences: Iterable<readonly string[]>): TokenVocabulary {
    const seen = new Set<string>();
    for (const s of sequences) for (const t of s) seen.add(t);
    return new TokenVocabulary([...seen].sort(byCodePoint));
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The column of `token`, or UNKNOWN_TOKEN. */
  id(token: string): number {
    return this.ids.get(token) ?? UNKNOWN_TOKEN;
  }

  encode(tokens: readonly string[]): Int32Array {
    return Int32Array.from(tokens, (t) => this.id(t));
  }
}

/** Plain code-point order (not the locale's), the same on every machine. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
