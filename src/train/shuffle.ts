/**
 * Each epoch's data order, derived from (seed, epoch) alone: the identity permutation shuffled by
 * its own stream, Random(seed, "shuffle:<epoch>"). A run's position is therefore enough to know
 * every order it will use, which is what lets a saved TrainingState resume mid-epoch.
 */
import { Random, type RandomState } from '../core/random.js';

export class EpochShuffle {
  /** The current epoch's order (indices into the training split). */
  readonly order: Uint32Array;
  private stream: Random | null = null;
  private epoch = -1;

  constructor(readonly seed: number, size: number) {
    this.order = new Uint32Array(size);
  }

  /** Sets `order` to epoch `epoch`'s permutation. */
  shuffleFor(epoch: number): Uint32Array {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    this.stream = new Random(this.seed, `shuffle:${epoch}`);
    this.stream.shuffle(this.order);
    this.epoch = epoch;
    return this.order;
  }

  /** The stream's state after the current epoch's shuffle, keyed by the epoch it belongs to. */
  state(): { epoch: number; stream: RandomState } | null {
    return this.stream ? { epoch: this.epoch, stream: this.stream.state() } : null;
  }
}
