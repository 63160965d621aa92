import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@aligndet/core-tensor';
import type { CocoEvalResult } from '@aligndet/coco-eval';
import type { BackendName } from '../config/schema';
import { CocoDataset } from '../data/coco-dataset';
import { IMAGENET_NORMALIZATION } from '../data/transforms/normalize';
import { buildDatasets } from '../run/build-datasets';
import { configImageSize } from '../run/build-detector';
import { evaluateDetector } from '../run/evaluate-detector';
import { loadTrainedDetector } from '../run/load-trained-detector';
import { matchCategories } from '../run/match-categories';
import { assertRunFolder, RUN_FILES } from '../run/run-folder';
import { DataError } from '../data/data-error';
import { commitFile } from '../util/commit-file';
import { type EvalReport, writeEvalReport } from '../run/write-eval-report';

/** Options of {@link evaluateRun}. */
export interface EvaluateRunOptions {
  /** Checkpoint name; default `model_best`, else the newest. */
  checkpoint?: string;
  /** A COCO instances JSON to evaluate on instead of the run's validation set. */
  annotations?: string;
  /** Image folder of `annotations` (default: beside it, as `CocoDataset.load`). */
  images?: string;
  /** Output folder; default `<runDir>/eval_<checkpoint>`. */
  outDir?: string;
  backend?: BackendName;
  log?: (line: string) => void;
}

/**
 * `aligndet eval`: restores a run's checkpoint, runs it over a COCO dataset and writes
 * `results.json` (COCO results) and `eval.json` (12 stats, per-category AP) into `outDir`, and the
 * per-class report of {@link writeEvalReport} (table, PR curves, confusion matrix).
 *
 * @example
 * ```ts
 * const { evaluation } = await evaluateRun('runs/demo');
 * console.log(evaluation.summary);
 * ```
 */
export async function evaluateRun(
  runDir: string,
  options: EvaluateRunOptions = {},
): Promise<{ evaluation: CocoEvalResult; outDir: string; checkpoint: string; report: EvalReport }> {
  const log = options.log ?? ((l: string) => console.log(l));
  assertRunFolder(runDir);
  await initBackend(options.backend ?? 'auto', { purpose: 'inference', log });
  const { detector, config, categories, checkpoint, iter } = loadTrainedDetector(runDir, {
    checkpoint: options.checkpoint,
  });
  try {
    const dataset = options.annotations
      ? CocoDataset.load(options.annotations, { imageDir: options.images })
      : (await buildDatasets(config, log)).val;
    // classes are matched by COCO id: another dataset may order (or name) its categories differently
    matchCategories(dataset, categories, join(runDir, RUN_FILES.categories));
    if (dataset.length === 0)
      throw new DataError({
        file: dataset.annotationFile,
        field: 'images',
        message: 'no images to evaluate on',
      });
    log(`aligndet: evaluating ${join(runDir, checkpoint)} (iteration ${iter}) on ${dataset.annotationFile}`);
    const { evaluation, results } = await evaluateDetector(detector, dataset, {
      minSize: configImageSize(config),
      maxSize: config.data.maxSize,
      normalization: IMAGENET_NORMALIZATION,
      batchSize: config.solver.batchSize,
      categoryIds: categories.ids,
    });
    const outDir = options.outDir ?? join(runDir, `eval_${checkpoint}`);
    mkdirSync(outDir, { recursive: true });
    commitFile(join(outDir, 'results.json'), JSON.stringify(results));
    commitFile(
      join(outDir, 'eval.json'),
      `${JSON.stringify({ checkpoint, iter, stats: evaluation.stats, perCategory: evaluation.perCategory }, null, 1)}\n`,
    );
    const report = await writeEvalReport(outDir, evaluation, dataset.annotationFile, results);
    return { evaluation, outDir, checkpoint, report };
  } finally {
    detector.dispose();
  }
}
