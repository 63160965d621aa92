import { z } from 'zod';

/** Model presets (spec decisions D1–D3): the baseline, each component alone, and both. */
export const MODEL_PRESETS = ['fcos', 'fcos-rfa', 'fcos-aps', 'aligndet'] as const;

/** Heads the trainer builds (`model.head`). */
export const HEAD_NAMES = ['fcos', 'yolo-style'] as const;

/**
 * Assigners by name (`model.assigner`): `preset` (the FCOS head's preset decides; TAL for the
 * YOLO-style head), `fcos-rule`, `aps`, `tal` (TOOD), `tal-ultralytics` (YOLOv8's TAL).
 */
export const ASSIGNER_NAMES = ['preset', 'fcos-rule', 'aps', 'tal', 'tal-ultralytics'] as const;

/** The assigners each head trains with (TAL's quality targets have no place in FCOS's losses). */
export const HEAD_ASSIGNERS: Record<(typeof HEAD_NAMES)[number], readonly (typeof ASSIGNER_NAMES)[number][]> =
  {
    fcos: ['preset', 'fcos-rule', 'aps'],
    'yolo-style': ['preset', 'tal', 'tal-ultralytics', 'aps', 'fcos-rule'],
  };

/** Backend choices of `run.backend` (`auto`: the fastest installed, see `initBackend`). */
export const BACKEND_NAMES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The training configuration, validated; every field has a default. */
export const TrainConfigSchema = z.strictObject({
  model: z
    .strictObject({
      /** FCOS head: which components are on (see `presetParts`). Does not apply to `yolo-style`. */
      preset: z.enum(MODEL_PRESETS).default('aligndet'),
      /**
       * The dense head: `fcos` (default) or `yolo-style` (`@aligndet/yolo-head`: YOLOv8-style
       * per-level decoupled branches, DFL boxes, YOLOv8's loss).
       */
      head: z.enum(HEAD_NAMES).default('fcos'),
      /**
       * The assigner (see {@link ASSIGNER_NAMES}): for the FCOS head `fcos-rule` or `aps` override
       * the preset's (with its quality target); for `yolo-style` any but `preset` means TAL.
       */
      assigner: z.enum(ASSIGNER_NAMES).default('preset'),
      /**
       * RFA placement/kind (spec D1): `official` (last conv, DCNv2; the default, it won the
       * ablation: docs/ablation.md), `paper` (first conv, DCNv1) or `none`. FCOS head: applies
       * when the preset has RFA; YOLO-style head: on every branch of every level unless `none`.
       */
      rfa: z.enum(['paper', 'official', 'none']).default('official'),
      /** YOLO-style head: distribution focal loss bins per side (YOLOv8's `reg_max` 16; 0 = none). */
      dflBins: z
        .number()
        .int()
        .min(0)
        .refine((v) => v !== 1, 'must be 0 or at least 2')
        .default(16),
      /**
       * YOLO-style head: gains of its loss terms, named as Ultralytics' hyperparameters (`cls`,
       * `box`, `dfl`; Ultralytics trains with 0.5, 7.5, 1.5). Default 1 each. Not for the FCOS head.
       */
      lossGains: z
        .strictObject({
          cls: z.number().nonnegative().default(1),
          box: z.number().nonnegative().default(1),
          dfl: z.number().nonnegative().default(1),
        })
        .optional(),
      /** APS scorer (spec D3): `official` or `fitness`. */
      apsScorer: z.enum(['official', 'fitness']).default('official'),
      backbone: z.enum(['tiny', 'resnet18', 'resnet50']).default('tiny'),
      /**
       * Weights to start from (safetensors; see `loadPretrained`): an ImageNet ResNet state dict
       * (torchvision or timm names) for the backbone, or a full detector (torchvision
       * `fcos_resnet50_fpn`, or an aligndet checkpoint) to fine-tune. Not read on resume.
       */
      pretrained: z.string().optional(),
      fpnChannels: z.number().int().positive().default(64),
      headChannels: z.number().int().positive().default(64),
      headConvs: z.number().int().positive().default(2),
      headGroups: z.number().int().positive().default(16),
      /**
       * Stop the gradient through the IoU target of the quality loss (APS presets). The official
       * code does not (M7), but then a negative GIoU target makes the BCE unbounded below and
       * small runs can diverge; `false` restores the official behaviour.
       */
      detachQualityTarget: z.boolean().default(true),
      /**
       * Multiplies FCOS's size-of-interest ranges (64/128/256/512 px; the `fcos` and `fcos-rfa`
       * presets' assigner). 1 is FCOS; the ranges follow the strides, not the image size.
       */
      scaleRangeFactor: z.number().positive().default(1),
      /** Initial box-predictor bias (official 0); 1 starts distances near one stride so narrow heads do not begin ReLU-dead. */
      boxBiasInit: z.number().default(1),
    })
    .prefault({})
    .superRefine((m, ctx) => {
      if (!HEAD_ASSIGNERS[m.head].includes(m.assigner))
        ctx.addIssue({
          code: 'custom',
          path: ['assigner'],
          message: `the ${m.head} head takes ${HEAD_ASSIGNERS[m.head].join(', ')}`,
        });
      if (m.lossGains && m.head !== 'yolo-style')
        ctx.addIssue({
          code: 'custom',
          path: ['lossGains'],
          message: 'applies to the yolo-style head only (set model.head=yolo-style)',
        });
    }),
  data: z
    .strictObject({
      /** The built-in dataset, written to `dir` on first use. Ignored when `train` is set. */
      builtin: z
        .strictObject({
          dir: z.string().default('data/shapes'),
          seed: z.number().int().default(0),
          numTrain: z.number().int().positive().default(1000),
          numVal: z.number().int().positive().default(200),
          imageSize: z.number().int().min(32).default(128),
        })
        .prefault({}),
      train: z.strictObject({ annotations: z.string(), images: z.string().optional() }).optional(),
      val: z.strictObject({ annotations: z.string(), images: z.string().optional() }).optional(),
      minSize: z
        .union([z.number().int().positive(), z.array(z.number().int().positive()).min(1)])
        .default(128),
      maxSize: z.number().int().positive().default(213),
      flipProbability: z.number().min(0).max(1).default(0.5),
      onBadAnnotation: z.enum(['error', 'skip']).default('error'),
    })
    .prefault({}),
  solver: z
    .strictObject({
      batchSize: z.number().int().positive().default(8),
      maxIter: z.number().int().positive().default(1500),
      baseLr: z.number().positive().default(0.01),
      momentum: z.number().min(0).max(1).default(0.9),
      weightDecay: z.number().min(0).default(1e-4),
      warmupIters: z.number().int().min(0).default(100),
      warmupFactor: z
        .number()
        .positive()
        .max(1)
        .default(1 / 3),
      warmupMethod: z.enum(['constant', 'linear']).default('linear'),
      steps: z.array(z.number().int().positive()).default([1000, 1300]),
      gamma: z.number().positive().default(0.1),
      clipGradNorm: z.number().positive().optional(),
    })
    .prefault({}),
  run: z
    .strictObject({
      outDir: z.string().default('runs/aligndet'),
      seed: z.number().int().default(0),
      backend: z.enum(BACKEND_NAMES).default('auto'),
      logPeriod: z.number().int().positive().default(20),
      checkpointPeriod: z.number().int().positive().default(250),
      evalPeriod: z.number().int().positive().default(500),
    })
    .prefault({}),
});

/** A validated training config: every field present (defaults filled in by {@link TrainConfigSchema}). */
export type TrainConfig = z.infer<typeof TrainConfigSchema>;
/** What a user may write: any subset of {@link TrainConfig}; missing fields take their defaults. */
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;
