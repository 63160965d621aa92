import { mkdirSync, writeFileSync } from 'node:fs';
import { join, parse } from 'node:path';
import { initBackend } from '@aligndet/core-tensor';
import type { CocoResult } from '@aligndet/coco-eval';
import type { BackendName } from '../config/schema';
import { configImageSize } from '../run/build-detector';
import { detectionsToCocoResults } from '../run/detections-to-coco';
import { loadTrainedDetector } from '../run/load-trained-detector';
import { predictImages } from '../run/predict-images';
import { writeDetectionImage } from '../run/write-detection-images';

/** Options of {@link predictWithRun}. */
export interface PredictWithRunOptions {
  /** Folder for the drawn PNGs, `results.json` and `images.json`. */
  outDir: string;
  /** Checkpoint name; default `model_best`, else the newest. */
  checkpoint?: string;
  /** Detections below this score are not kept. Default 0.05. */
  scoreThreshold?: number;
  /** Detections below this score are not drawn. Default 0.3. */
  drawThreshold?: number;
  backend?: BackendName;
  log?: (line: string) => void;
}

/**
 * `aligndet predict`: runs a trained run's detector on image files and writes, into `outDir`, each
 * image with its detections drawn (`<name>.png`), `results.json` (COCO results, boxes in original
 * pixels, image ids 1…n in the order given) and `images.json` (those ids with file names and sizes).
 *
 * @example
 * ```ts
 * await predictWithRun('runs/demo', ['a.jpg', 'b.png'], { outDir: 'predictions' });
 * ```
 */
export async function predictWithRun(
  runDir: string,
  files: string[],
  options: PredictWithRunOptions,
): Promise<{ results: CocoResult[]; images: string[] }> {
  const log = options.log ?? ((l: string) => console.log(l));
  await initBackend(options.backend ?? 'auto', { purpose: 'inference', log });
  const { detector, config, categories } = loadTrainedDetector(runDir, { checkpoint: options.checkpoint });
  try {
    const predictions = await predictImages(detector, files, {
      minSize: configImageSize(config),
      maxSize: config.data.maxSize,
      scoreThreshold: options.scoreThreshold,
    });
    mkdirSync(options.outDir, { recursive: true });
    const results: CocoResult[] = [];
    const images: string[] = [];
    predictions.forEach((p, i) => {
      const id = i + 1;
      results.push(...detectionsToCocoResults(p.detections, id, p.scale, (c) => categories.ids[c]!));
      const png = join(options.outDir, `${parse(p.file).name}.png`);
      writeDetectionImage(
        png,
        p.image,
        p.detections,
        p.scale,
        categories.names,
        options.drawThreshold ?? 0.3,
      );
      images.push(png);
    });
    writeFileSync(join(options.outDir, 'results.json'), JSON.stringify(results));
    writeFileSync(
      join(options.outDir, 'images.json'),
      `${JSON.stringify(
        predictions.map((p, i) => ({
          id: i + 1,
          file_name: p.file,
          width: p.image.width,
          height: p.image.height,
        })),
        null,
        1,
      )}\n`,
    );
    return { results, images };
  } finally {
    detector.dispose();
  }
}
