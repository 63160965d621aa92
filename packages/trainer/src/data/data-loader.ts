import { Random } from '../util/random';
import type { CocoDataset } from './coco-dataset';
import { type Batch, collateBatch } from './transforms/collate';
import { type PrepareOptions, prepareSample } from './transforms/prepare-sample';

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions extends PrepareOptions {
  batchSize: number;
  /** Shuffle each epoch (training). */
  shuffle: boolean;
  /** Seed of the shuffling and augmentation stream. */
  seed: number;
  /** Batches decoded ahead of the consumer. Default 2. */
  prefetch?: number;
  /** Drop the last incomplete batch. Default: same as `shuffle`. */
  dropLast?: boolean;
}

/**
 * Batches of decoded, transformed, padded samples. Decoding and transforms of the next
 * `prefetch` batches start before the current one is consumed, so a training step does not wait
 * on I/O. The order and augmentations are a pure function of (seed, epoch), so a resumed run sees
 * exactly the batches an uninterrupted one would.
 *
 * @example
 * ```ts
 * const loader = new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 0, minSize: 128, maxSize: 128,
 *   flipProbability: 0.5, normalization: IMAGENET_NORMALIZATION });
 * for await (const batch of loader.epoch(0)) { ... }
 * ```
 */
export class DataLoader {
  constructor(
    readonly dataset: CocoDataset,
    readonly options: DataLoaderOptions,
  ) {}

  /** Number of batches per epoch. */
  get batchesPerEpoch(): number {
    const n = this.dataset.length;
    const drop = this.options.dropLast ?? this.options.shuffle;
    return drop ? Math.floor(n / this.options.batchSize) : Math.ceil(n / this.options.batchSize);
  }

  /** The image order of `epoch`. */
  order(epoch: number): number[] {
    const idx = Array.from({ length: this.dataset.length }, (_, i) => i);
    return this.options.shuffle ? new Random(this.options.seed * 1000003 + epoch).shuffle(idx) : idx;
  }

  private async loadBatch(epoch: number, b: number, indices: number[]): Promise<Batch> {
    const samples = await Promise.all(indices.map((i) => this.dataset.get(i)));
    return collateBatch(
      samples.map((s, k) =>
        prepareSample(
          s,
          this.options,
          new Random((this.options.seed + 1) * 7919 + epoch * 104729 + b * 613 + k),
        ),
      ),
    );
  }

  /** Batches of `epoch`, starting at batch `startBatch` (for resuming mid-epoch). */
  async *epoch(epoch: number, startBatch = 0): AsyncGenerator<Batch> {
    const order = this.order(epoch);
    const B = this.options.batchSize;
    const total = this.batchesPerEpoch;
    const ahead = Math.max(1, this.options.prefetch ?? 2);
    const pending: Array<Promise<Batch>> = [];
    let next = startBatch;
    const fill = () => {
      while (pending.length < ahead && next < total) {
        const b = next++;
        const p = this.loadBatch(epoch, b, order.slice(b * B, Math.min((b + 1) * B, order.length)));
        p.catch(() => {}); // surfaced when awaited below
        pending.push(p);
      }
    };
    fill();
    while (pending.length > 0) {
      const batch = await pending.shift()!;
      fill();
      yield batch;
    }
  }
}
