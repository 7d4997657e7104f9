/**
 * Seeded randomness. One experiment seed is split into named, independent streams (data, init,
 * validation, shuffle), so that e.g. changing the validation draw never changes the initial weights.
 * Built on pure-rand's xoroshiro128+, which gives the same sequence on every machine.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

type Generator = ReturnType<typeof xoroshiro128plus>;

export type StreamName = 'data' | 'init' | 'validation' | 'shuffle' | 'sweep' | (string & {});

/** FNV-1a: a stable 32-bit hash of a stream name. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Everything a stream will draw next depends on: the generator's words and the Box–Muller spare. */
export interface RandomState { generator: number[]; spareNormal: number | null }

export class Random {
  private rng: Generator;
  private spareNormal: number | null = null;

  /** seed: an integer from 0 to 2³² − 1 (the generator takes 32 bits); stream: which independent sequence of that seed. */
  constructor(seed: number, stream: StreamName = 'default') {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
    const mixed = (seed | 0) ^ hashName(stream);
    this.rng = xoroshiro128plus(mixed);
  }

  /** A copy of the stream's state: restore() into any Random continues this stream exactly. */
  state(): RandomState {
    return { generator: [...this.rng.getState()], spareNormal: this.spareNormal };
  }

  restore(state: RandomState): void {
    this.rng = xoroshiro128plusFromState(state.generator);
    this.spareNormal = state.spareNormal;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return uniformInt(this.rng, lo, hi);
  }

  /** Standard normal by the Box–Muller transform (pairs are used, so no draw is wasted). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
