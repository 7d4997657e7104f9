/**
 * Points folded in as events are read, in memory that does not grow with the file: a 600 MB
 * events.jsonl (tens of millions of steps) becomes at most a page's worth of points while it is read,
 * never an array of every step first.
 *
 * StreamingEnvelope keeps a step curve's envelope: consecutive points fall into buckets of `width`
 * points, each bucket keeping its lowest and its highest point (and sums for its mean); when there
 * are more than maxPoints / 2 buckets, neighbours merge and the width doubles. The lowest and highest
 * of a merged bucket are the lowest and highest of the two, so every spike survives any number of
 * merges, and up to maxPoints points come out whole (a bucket of two keeps both). StreamingMeans
 * keeps the means of buckets made the same way, for the smoothed line.
 * BoundedList keeps every k-th of a list of checks (k doubling past its cap) and always the last.
 */
/** [epoch, value] */
export type Point = [number, number];

interface Bucket { lo: Point; hi: Point; loAt: number; hiAt: number; n: number }

function merge(a: Bucket, b: Bucket): Bucket {
  const lo = b.lo[1] < a.lo[1] ? b : a;
  const hi = b.hi[1] > a.hi[1] ? b : a;
  return { lo: lo.lo, loAt: lo.loAt, hi: hi.hi, hiAt: hi.hiAt, n: a.n + b.n };
}

export class StreamingEnvelope {
  private buckets: Bucket[] = [];
  private width = 1;
  private count = 0;

  constructor(private readonly maxPoints: number) {}

  push(p: Point): void {
    const at = this.count++;
    const last = this.buckets.at(-1);
    if (last && last.n < this.width) {
      // In place: one point a step, no allocation (ties keep the earlier point, as merge does).
      if (p[1] < last.lo[1]) { last.lo = p; last.loAt = at; }
      if (p[1] > last.hi[1]) { last.hi = p; last.hiAt = at; }
      last.n++;
      return;
    }
    this.buckets.push({ lo: p, hi: p, loAt: at, hiAt: at, n: 1 });
    if (this.buckets.length > Math.max(1, Math.floor(this.maxPoints / 2))) this.halve();
  }

  /** Neighbouring buckets merged, the width doubled (a last bucket without a partner stays as it is). */
  private halve(): void {
    const merged: Bucket[] = [];
    for (let i = 0; i < this.buckets.length; i += 2) merged.push(i + 1 < this.buckets.length ? merge(this.buckets[i], this.buckets[i + 1]) : this.buckets[i]);
    this.buckets = merged;
    this.width *= 2;
  }

  /** Each bucket's lowest and highest point, in file order (one when they are the same point): at most maxPoints. */
  envelope(): Point[] {
    const out: Point[] = [];
    for (const b of this.buckets) {
      if (b.loAt === b.hiAt) out.push(b.lo);
      else if (b.loAt < b.hiAt) out.push(b.lo, b.hi);
      else out.push(b.hi, b.lo);
    }
    return out;
  }

}

/**
 * The mean point of each bucket of consecutive points, at most maxPoints buckets (merged in pairs,
 * the width doubling, as StreamingEnvelope's): what a smoothed line reads when the envelope dropped
 * points (a line through the extremes leans towards the spikes).
 */
export class StreamingMeans {
  private sums: { x: number; y: number; n: number }[] = [];
  private width = 1;
  count = 0;

  constructor(private readonly maxPoints: number) {}

  push(p: Point): void {
    this.count++;
    const last = this.sums.at(-1);
    if (last && last.n < this.width) {
      last.x += p[0];
      last.y += p[1];
      last.n++;
      return;
    }
    this.sums.push({ x: p[0], y: p[1], n: 1 });
    if (this.sums.length > Math.max(1, this.maxPoints)) {
      const merged: { x: number; y: number; n: number }[] = [];
      for (let i = 0; i < this.sums.length; i += 2) {
        const [a, b] = [this.sums[i], this.sums[i + 1]];
        merged.push(b ? { x: a.x + b.x, y: a.y + b.y, n: a.n + b.n } : a);
      }
      this.sums = merged;
      this.width *= 2;
    }
  }

  /** Each bucket's mean, when there were more than maxPoints points (else undefined: the points are their own means). */
  means(): Point[] | undefined {
    return this.count > this.maxPoints ? this.sums.map((b) => [b.x / b.n, b.y / b.n]) : undefined;
  }
}

export class BoundedList<T> {
  private items: T[] = [];
  private stride = 1;
  private count = 0;
  private last: T | undefined;

  constructor(private readonly cap: number) {}

  push(item: T): void {
    if (this.count++ % this.stride === 0) {
      this.items.push(item);
      if (this.items.length > this.cap) {
        this.items = this.items.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
      }
    }
    this.last = item;
  }

  toArray(): T[] {
    return this.last === undefined || this.items.at(-1) === this.last ? [...this.items] : [...this.items, this.last];
  }
}
