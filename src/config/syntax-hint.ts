/**
 * A hint for a JSON5 syntax error: what is probably missing, from the text around the position
 * (json5 reports only "invalid character" and where).
 */

/** The last line before `line` (1-based) that holds something other than blanks and // comments. */
function previousContentLine(lines: readonly string[], line: number): { number: number; text: string } | undefined {
  for (let i = line - 2; i >= 0; i--) {
    const text = lines[i].replace(/\/\/.*$/, '').trim();
    if (text) return { number: i + 1, text };
  }
  return undefined;
}

export function syntaxHint(text: string, reason: string, line?: number, column?: number): string {
  if (/end of input/.test(reason)) return 'a { or [ is not closed, or the file is cut short?';
  if (/invalid character '[=;]'/.test(reason)) return 'keys and values are separated by ":" (e.g. eta: 0.1)?';
  if (line === undefined) return '';
  const lines = text.split(/\r?\n/);
  const here = (lines[line - 1] ?? '').slice(0, Math.max(0, (column ?? 1) - 1)).replace(/\/\/.*$/, '').trim();
  const before = here ? { number: line, text: here } : previousContentLine(lines, line);
  if (before && !/[,{[:]$/.test(before.text)) {
    return `missing comma after line ${before.number} ("${before.text.length > 40 ? `…${before.text.slice(-40)}` : before.text}")?`;
  }
  return '';
}
