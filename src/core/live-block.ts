/**
 * A live status block at the bottom of a terminal: permanent lines scroll above it, the block is
 * redrawn in place. The block's lines are cut to the terminal's width, so they never wrap (a wrapped
 * block line would break the redraw and overwrite the lines above); callers fit them first. Writes are synchronous: a line printed
 * just before close() is never lost.
 */

type Out = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** `text` cut to `width` columns (code points), with … when something was cut. */
export function fitLine(text: string, width: number): string {
  const chars = [...text];
  if (width <= 0) return '';
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The usable width: one column less than the terminal (the last column makes some terminals wrap). */
export function lineWidth(out: Out, fallback = 100): number {
  return Math.max(20, (out.columns && out.columns > 0 ? out.columns : fallback) - 1);
}

export class LiveBlock {
  private shown = 0;
  private block: string[] = [];

  constructor(private readonly out: Out) {}

  /** A permanent line: scrolls up above the block (never cut: it may wrap, the block is redrawn below it). */
  print(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.draw();
  }

  /** Replaces the block's lines. */
  set(lines: readonly string[]): void {
    this.clear();
    this.block = [...lines];
    this.draw();
  }

  /** Removes the block (permanent lines stay). */
  close(): void {
    this.clear();
    this.block = [];
  }

  private clear(): void {
    if (this.shown === 0) return;
    // Up to the block's first line, column 1, and erase to the end of the screen.
    this.out.write(`\x1b[${this.shown}A\r\x1b[J`);
    this.shown = 0;
  }

  private draw(): void {
    const width = lineWidth(this.out);
    for (const line of this.block) this.out.write(`${fitLine(line, width)}\n`);
    this.shown = this.block.length;
  }
}
