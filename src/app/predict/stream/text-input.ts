/**
 * Text observations → one-hot steps, with predict's preparation (data/text-tokens.ts textTokens: the
 * run's stripAccents, lowerCase and keep, then characters or words) and vocabulary (dataset.json;
 * a token training never saw is `<unk>`, an all-zero input). Text is prepared piece by piece, so a
 * character the run's `keep` drops is no step at all, as it is no step in predict.
 */
import type { SequencesData } from '../../../config/types.js';
import { UserError } from '../../../core/errors.js';
import { textTokens } from '../../../data/text-tokens.js';
import { TokenVocabulary, UNKNOWN_TOKEN } from '../../../data/token-vocabulary.js';

export class TextInput {
  private readonly vocabulary: TokenVocabulary;
  /** [vocabulary] the step's one-hot input, reused: only the last token's column is set. */
  readonly oneHot: Float64Array;
  private lastId = UNKNOWN_TOKEN;

  /** fields: options.fields, what a row observation may carry beside "text". */
  constructor(private readonly data: SequencesData, vocabulary: readonly string[], private readonly fields: readonly string[] = []) {
    this.vocabulary = new TokenVocabulary(vocabulary);
    this.oneHot = new Float64Array(this.vocabulary.size);
  }

  /** The tokens of one observation (observation `line` of its series; where: how errors name the series). */
  tokens(observation: unknown, where: string, line: number): string[] {
    return textTokens(this.textOf(observation, where, line), this.data);
  }

  /** The text of an observation: itself, or a row's "text" field (its other fields among options.fields). */
  private textOf(observation: unknown, where: string, line: number): string {
    if (typeof observation === 'string') return observation;
    if (typeof observation !== 'object' || observation === null || Array.isArray(observation)) {
      throw new UserError(`${where}, observation ${line}: this run reads text (a character or a word per observation), got ${observation === null ? 'null' : Array.isArray(observation) ? 'an array' : typeof observation}`);
    }
    const row = observation as Record<string, unknown>;
    for (const field of Object.keys(row)) {
      if (field !== 'text' && !this.fields.includes(field)) {
        throw new UserError(`${where}, observation ${line}: unknown field "${field}"; a text run reads "text"${this.fields.length ? `, and options.fields ${this.fields.map((f) => `"${f}"`).join(', ')}` : ' (options.fields adds fields for the key)'}`);
      }
    }
    if (typeof row.text !== 'string') throw new UserError(`${where}, observation ${line}, field "text": expected text, got ${row.text === undefined ? 'none' : typeof row.text}`);
    return row.text;
  }

  /** Sets oneHot to `token`'s input; true when the token is outside the vocabulary (all zeros). */
  load(token: string): boolean {
    if (this.lastId !== UNKNOWN_TOKEN) this.oneHot[this.lastId] = 0;
    this.lastId = this.vocabulary.id(token);
    if (this.lastId !== UNKNOWN_TOKEN) this.oneHot[this.lastId] = 1;
    return this.lastId === UNKNOWN_TOKEN;
  }
}
