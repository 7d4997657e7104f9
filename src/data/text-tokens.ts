/**
 * Text → tokens, the one preparation training and predict share. In order: Unicode clean-up (the
 * book's §19.5: NFD, combining marks removed, then lower case), the `keep` filter (characters outside
 * it are dropped, as the book drops everything outside "a–z ,'"), then the split into characters or
 * whitespace-separated words. Tokens given as a list (JSONL "tokens") get the same clean-up one by one;
 * a token the filter empties is dropped.
 */

export interface TextPreparation {
  /** Characters (each code point a token) or words (split on runs of white space). */
  tokens: 'characters' | 'words';
  /** NFD, then every combining mark (Unicode category Mn) removed: "Müller" → "Muller". */
  stripAccents: boolean;
  lowerCase: boolean;
  /** Characters to keep; every other character is removed after the steps above. Absent: keep all. */
  keep?: string;
}

const COMBINING_MARK = /\p{Mn}/gu;

/** One string through stripAccents, lowerCase and keep. */
export function cleanText(text: string, p: TextPreparation): string {
  let s = text;
  // NFC afterwards so that a kept letter with a mark of another category reads as one code point again.
  if (p.stripAccents) s = s.normalize('NFD').replace(COMBINING_MARK, '').normalize('NFC');
  if (p.lowerCase) s = s.toLowerCase();
  if (p.keep !== undefined) {
    const keep = new Set(p.keep);
    let out = '';
    for (const c of s) if (keep.has(c)) out += c;
    s = out;
  }
  return s;
}

/** A text's tokens after cleanText. Characters are code points, so an emoji or "ß" is one token. */
export function textTokens(text: string, p: TextPreparation): string[] {
  const s = cleanText(text, p);
  if (p.tokens === 'characters') return Array.from(s);
  return s.split(/\s+/u).filter((w) => w.length > 0);
}

/** Given tokens, each cleaned; those the filter empties are dropped. */
export function listTokens(tokens: readonly string[], p: TextPreparation): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const c = cleanText(t, p);
    if (c.length > 0) out.push(c);
  }
  return out;
}
