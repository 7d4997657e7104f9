/** "did you mean `batchSize`?" suggestions, by edit distance (fastest-levenshtein). */
import { closest, distance } from 'fastest-levenshtein';

/** The closest candidate when it is plausibly a typo of `word` (case-insensitive, within ⅓ of its length), else undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = candidates.map((c) => c.toLowerCase());
  const exactCase = lower.indexOf(word.toLowerCase());
  if (exactCase >= 0) return candidates[exactCase];
  const best = closest(word.toLowerCase(), lower);
  return distance(word.toLowerCase(), best) <= Math.max(2, Math.ceil(word.length / 3)) ? candidates[lower.indexOf(best)] : undefined;
}

/** The same suggestion as a sentence to append to an error: ` Did you mean "x"?`, or '' when none is close. */
export function didYouMeanHint(word: string, candidates: Iterable<string>): string {
  const near = didYouMean(word, [...candidates]);
  return near === undefined || near === word ? '' : ` Did you mean "${near}"?`;
}
