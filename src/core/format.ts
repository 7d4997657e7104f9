/** Short human forms shared by every floor that prints: durations and one-line error texts. */

/** "12.3s", "4m05s", "2h07m"; "?" when unknown. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** A multi-line message (a stack, an explained error) on one table line: its first three lines, joined. */
export function firstLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.length > 3 ? `${lines.slice(0, 3).join(' / ')} …` : lines.join(' / ');
}
