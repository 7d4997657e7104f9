/**
 * The live progress line of a run, fitted to the terminal: the parts that matter most (epoch, loss,
 * ETA, validation) are kept, the rest (learning rate, speed, iteration, percent) only when there is
 * room, and the bar takes what is left. Nothing is cut in the middle and nothing wraps.
 */

export interface ProgressFields {
  /** 0…1 of the run's iterations. */
  fraction: number;
  epoch: string;
  loss: string;
  /** The last validation metrics, e.g. "loss 0.4415 acc 0.8324"; '-' before the first check. */
  val: string;
  /** Time left; absent until a few batches are timed (then the part is not shown). */
  eta?: string;
  /** The current learning rate, shown when the experiment has a schedule. */
  lr?: string;
  speed?: string;
  iteration: string;
}

interface Part { text: string; priority: number }

/** One line of at most `width` columns. */
export function progressLine(f: ProgressFields, width: number): string {
  const parts: Part[] = [
    { text: `${Math.floor(f.fraction * 100)}%`, priority: 6 },
    { text: `epoch ${f.epoch}`, priority: 0 },
    { text: `it ${f.iteration}`, priority: 7 },
    { text: `loss ${f.loss}`, priority: 1 },
    { text: `val ${f.val}`, priority: 3 },
    ...(f.lr ? [{ text: `lr ${f.lr}`, priority: 4 }] : []),
    ...(f.speed ? [{ text: `${f.speed}/s`, priority: 5 }] : []),
    ...(f.eta ? [{ text: `ETA ${f.eta}`, priority: 2 }] : []),
  ];
  const sep = ' | ';
  const length = (ps: Part[]) => ps.reduce((n, p, i) => n + [...p.text].length + (i ? sep.length : 0), 0);
  // Most important first, as long as they fit; shown in their own order.
  const kept = new Set<Part>();
  for (const p of [...parts].sort((a, b) => a.priority - b.priority)) {
    const trial = parts.filter((q) => kept.has(q) || q === p);
    if (length(trial) <= width) kept.add(p);
  }
  let text = parts.filter((p) => kept.has(p)).map((p) => p.text).join(sep);
  const room = width - [...text].length - 1;
  if (room >= 12) {
    const size = Math.min(30, room);
    const filled = Math.round(Math.min(1, Math.max(0, f.fraction)) * size);
    text = `${'█'.repeat(filled)}${'░'.repeat(size - filled)} ${text}`;
  }
  return text;
}
