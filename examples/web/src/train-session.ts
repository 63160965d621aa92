// One training run in the page: a detector of a preset, SGD with the CLI's warm-up schedule, the
// in-page synthetic dataset, periodic COCO evaluation on the validation split, and the run's files
// for download. It runs inside the training worker (train-worker.ts), or on the page's own thread
// when no worker can start, yielding to the page between steps either way.
import * as tf from '@tensorflow/tfjs-core';
import { type CocoResult, evaluateCoco } from '@aligndet/coco-eval';
import {
  type Batch,
  buildDetector,
  checkpointToFiles,
  collateBatch,
  configImageSize,
  type Detector,
  detectionsToCocoResults,
  IMAGENET_NORMALIZATION,
  type MODEL_PRESETS,
  prepareSample,
  Random,
  type Scene,
  SGD,
  type TrainConfig,
  TrainConfigSchema,
  trainStep,
  warmupMultiStepLr,
} from '@aligndet/trainer/browser';
import { buildDataset, CLASS_NAMES, type PageDataset } from './dataset';

export type Preset = (typeof MODEL_PRESETS)[number];

/** What the Train panel sets. */
export interface TrainSettings {
  preset: Preset;
  iterations: number;
  batchSize: number;
  baseLr: number;
  numTrain: number;
  numVal: number;
  imageSize: number;
  /** Evaluate (AP and validation detections) every this many iterations, and at the end. */
  evalPeriod: number;
  seed: number;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  preset: 'aligndet',
  iterations: 300,
  batchSize: 4,
  baseLr: 0.01,
  numTrain: 200,
  numVal: 32,
  imageSize: 128,
  evalPeriod: 50,
  seed: 0,
};

/** What bench/bench.mjs times: the default model and batch, a few steps, no evaluation before the end. */
export const BENCH_TRAIN: TrainSettings = {
  ...DEFAULT_SETTINGS,
  iterations: 12,
  numTrain: 48,
  numVal: 4,
  evalPeriod: 1000,
};

/** Validation images shown with their detections while training. */
export const SHOWN_VAL_IMAGES = 4;

/** Detections of one validation image, in its pixels. */
export interface ImageDetections {
  boxes: number[];
  scores: number[];
  labels: number[];
}

/** What a run reports to the page. */
export type TrainEvent =
  | { type: 'ready'; backend: string; line: string; classNames: readonly string[]; shown: Scene[] }
  | { type: 'step'; iter: number; loss: number; parts: Record<string, number>; lr: number; ms: number }
  | {
      type: 'eval';
      iter: number;
      ap: number;
      ap50: number;
      /** The 12 COCO stats (AP, AP50, AP75, APs/m/l, AR1/10/100, ARs/m/l). */
      stats: number[];
      ms: number;
      detections: ImageDetections[];
    }
  | { type: 'state'; state: 'running' | 'paused' | 'done' }
  | { type: 'files'; files: Record<string, string | Uint8Array> }
  | { type: 'error'; message: string };

/** The run's config, as `aligndet train` would resolve it for the same dataset and schedule. */
export function runConfig(s: TrainSettings): TrainConfig {
  return TrainConfigSchema.parse({
    // the demo's widths (npm run demo): 32-channel FPN and head
    model: { preset: s.preset, fpnChannels: 32, headChannels: 32 },
    // `aligndet eval <run folder>` regenerates exactly this dataset (data/shapes, relative to its cwd)
    data: {
      builtin: { seed: s.seed, numTrain: s.numTrain, numVal: s.numVal, imageSize: s.imageSize },
      minSize: s.imageSize,
      maxSize: Math.round((s.imageSize * 5) / 3),
    },
    solver: {
      batchSize: s.batchSize,
      maxIter: s.iterations,
      baseLr: s.baseLr,
      warmupIters: Math.min(100, Math.floor(s.iterations / 3)),
      steps: [Math.floor(s.iterations * 0.67), Math.floor(s.iterations * 0.87)],
    },
    run: { seed: s.seed, outDir: `runs/web-${s.preset}`, evalPeriod: s.evalPeriod },
  });
}

const yieldToPage = () => new Promise<void>((ok) => setTimeout(ok, 0));

export class TrainSession {
  readonly config: TrainConfig;
  private data!: PageDataset;
  private detector!: Detector;
  private sgd!: SGD;
  private iter = 0;
  private paused = false;
  private resumeWaiter: (() => void) | null = null;
  private stopped = false;

  constructor(
    readonly settings: TrainSettings,
    private readonly emit: (e: TrainEvent) => void,
  ) {
    this.config = runConfig(settings);
  }

  /** Builds the dataset and the detector (on the backend already started). */
  prepare(backend: string, line: string): void {
    const s = this.settings;
    this.data = buildDataset({
      seed: s.seed,
      numTrain: s.numTrain,
      numVal: s.numVal,
      imageSize: s.imageSize,
    });
    this.detector = buildDetector(this.config, CLASS_NAMES.length);
    const sol = this.config.solver;
    this.sgd = new SGD(
      this.detector.namedParameters().filter(([, v]) => v.trainable),
      { momentum: sol.momentum, weightDecay: sol.weightDecay },
    );
    this.emit({
      type: 'ready',
      backend,
      line,
      classNames: CLASS_NAMES,
      shown: this.data.val.slice(0, SHOWN_VAL_IMAGES),
    });
  }

  pause(): void {
    this.paused = true;
    this.emit({ type: 'state', state: 'paused' });
  }

  resume(): void {
    this.paused = false;
    this.resumeWaiter?.();
    this.resumeWaiter = null;
  }

  stop(): void {
    this.stopped = true;
    this.resume();
  }

  /** The batch of iteration `iter` (1-based): shuffled per epoch, flips drawn from the seed. */
  private batch(iter: number): Batch {
    const { batchSize } = this.config.solver;
    const n = this.data.train.length;
    const perEpoch = Math.max(1, Math.floor(n / batchSize));
    const epoch = Math.floor((iter - 1) / perEpoch);
    const b = (iter - 1) % perEpoch;
    const order = new Random(this.config.run.seed * 1000003 + epoch).shuffle(
      Array.from({ length: n }, (_, i) => i),
    );
    const picked = order.slice(b * batchSize, (b + 1) * batchSize);
    return collateBatch(
      picked.map((i, k) =>
        prepareSample(
          sceneSample(this.data.train[i]!, i + 1),
          {
            minSize: this.config.data.minSize,
            maxSize: this.config.data.maxSize,
            flipProbability: this.config.data.flipProbability,
            normalization: IMAGENET_NORMALIZATION,
          },
          new Random((this.config.run.seed + 1) * 7919 + epoch * 104729 + b * 613 + k),
        ),
      ),
    );
  }

  /** Trains to the last iteration, evaluating every `evalPeriod`; pauses between steps when asked. */
  async run(): Promise<void> {
    this.emit({ type: 'state', state: 'running' });
    const sol = this.config.solver;
    while (this.iter < sol.maxIter && !this.stopped) {
      if (this.paused) {
        await new Promise<void>((ok) => (this.resumeWaiter = ok));
        if (this.stopped) break;
        this.emit({ type: 'state', state: 'running' });
      }
      const iter = this.iter + 1;
      const lr = warmupMultiStepLr(iter, {
        baseLr: sol.baseLr,
        warmupIters: sol.warmupIters,
        warmupFactor: sol.warmupFactor,
        warmupMethod: sol.warmupMethod,
        steps: sol.steps,
        gamma: sol.gamma,
      });
      const batch = this.batch(iter);
      const started = performance.now();
      const images = tf.tensor4d(batch.images, batch.shape);
      const targets = batch.samples.map((s) => ({ boxes: s.boxes, labels: s.labels }));
      try {
        const { losses } = await trainStep(this.detector, this.sgd, images, targets, lr, {
          clipGradNorm: sol.clipGradNorm,
        });
        const loss = Object.values(losses).reduce((a, b) => a + b, 0);
        this.iter = iter;
        this.emit({ type: 'step', iter, loss, parts: losses, lr, ms: performance.now() - started });
      } finally {
        images.dispose();
      }
      if (iter % this.config.run.evalPeriod === 0 || iter === sol.maxIter) await this.evaluate();
      await yieldToPage();
    }
    this.emit({ type: 'state', state: 'done' });
  }

  /** COCO AP on the validation split, and the detections of the images shown. */
  async evaluate(): Promise<void> {
    const started = performance.now();
    const { batchSize } = this.config.solver;
    const val = this.data.val;
    const results: CocoResult[] = [];
    const shown: ImageDetections[] = [];
    for (let start = 0; start < val.length; start += batchSize) {
      const ids = Array.from({ length: Math.min(batchSize, val.length - start) }, (_, k) => start + k + 1);
      const batch = collateBatch(
        ids.map((id) =>
          prepareSample(
            sceneSample(val[id - 1]!, id),
            {
              minSize: configImageSize(this.config),
              maxSize: this.config.data.maxSize,
              flipProbability: 0,
              normalization: IMAGENET_NORMALIZATION,
            },
            new Random(0),
          ),
        ),
      );
      const images = tf.tensor4d(batch.images, batch.shape);
      const dets = await this.detector.predictAsync(
        images,
        batch.samples.map((s) => [s.height, s.width] as [number, number]),
      );
      images.dispose();
      batch.samples.forEach((s, i) => {
        const scale: [number, number] = [s.originalWidth / s.width, s.originalHeight / s.height];
        results.push(...detectionsToCocoResults(dets[i]!, s.imageId, scale, (c) => c + 1));
        if (s.imageId <= SHOWN_VAL_IMAGES) {
          const d = dets[i]!;
          shown.push({
            boxes: Array.from(d.boxes, (v, k) => v * scale[k % 2]!),
            scores: Array.from(d.scores),
            labels: Array.from(d.labels),
          });
        }
      });
      await yieldToPage();
    }
    const evaluation = evaluateCoco(this.data.valCoco, results);
    this.emit({
      type: 'eval',
      iter: this.iter,
      ap: evaluation.stats[0]!,
      ap50: evaluation.stats[1]!,
      stats: [...evaluation.stats],
      ms: performance.now() - started,
      detections: shown,
    });
  }

  /**
   * The run folder as files: `model_best.json` + `.safetensors` (the weights now), `config.json`
   * and `categories.json`: what `aligndet eval` and `aligndet predict` read.
   */
  async files(): Promise<Record<string, string | Uint8Array>> {
    const ckpt = await checkpointToFiles(this.detector, {
      name: 'model_best',
      iter: this.iter,
      config: this.config,
      optimizer: this.sgd,
    });
    return {
      ...ckpt,
      'config.json': `${JSON.stringify(this.config, null, 1)}\n`,
      'categories.json': `${JSON.stringify({ ids: CLASS_NAMES.map((_, i) => i + 1), names: CLASS_NAMES })}\n`,
    };
  }

  dispose(): void {
    this.detector?.dispose();
    this.sgd?.dispose();
  }
}

/** A scene as the sample `prepareSample` takes (boxes xyxy, contiguous labels). */
function sceneSample(scene: Scene, imageId: number) {
  const boxes = new Float32Array(scene.objects.length * 4);
  scene.objects.forEach((o, k) => {
    const [x, y, w, h] = o.bbox;
    boxes.set([x, y, x + w, y + h], 4 * k);
  });
  return {
    imageId,
    fileName: `${String(imageId).padStart(6, '0')}.png`,
    width: scene.width,
    height: scene.height,
    boxes,
    labels: Int32Array.from(scene.objects, (o) => o.cls),
    crowdBoxes: new Float32Array(0),
    image: { width: scene.width, height: scene.height, data: scene.rgb },
  };
}
