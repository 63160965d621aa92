import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, parse, resolve } from 'node:path';
import { initBackend } from '@aligndet/core-tensor';
import type { CocoResult } from '@aligndet/coco-eval';
import type { BackendName } from '../config/schema';
import { DataError } from '../data/data-error';
import { configImageSize } from '../run/build-detector';
import { detectionsToCocoResults } from '../run/detections-to-coco';
import { loadTrainedDetector } from '../run/load-trained-detector';
import { predictImages } from '../run/predict-images';
import { writeDetectionImage } from '../run/write-detection-images';
import { assertRunFolder } from '../run/run-folder';
import { commitFile } from '../util/commit-file';

/** Options of {@link predictWithRun}. */
export interface PredictWithRunOptions {
  /** Folder for the drawn PNGs, `results.json` and `images.json`; default `<run>/predict`, then `predict2`, … */
  outDir?: string;
  /** Checkpoint name; default `model_best`, else the newest. */
  checkpoint?: string;
  /** Detections below this score are not kept. Default 0.05. */
  scoreThreshold?: number;
  /** Detections below this score are not drawn. Default 0.3. */
  drawThreshold?: number;
  backend?: BackendName;
  log?: (line: string) => void;
}

const IMAGE_FILE = /\.(png|jpe?g)$/i;

/** The image files of the inputs: files as given, folders by their PNG/JPEG files (sorted). */
export function expandImageInputs(inputs: string[]): string[] {
  return inputs.flatMap((p) => {
    if (!existsSync(p)) throw new DataError({ file: p, field: 'image', message: 'no such file or folder' });
    if (!statSync(p).isDirectory()) return [p];
    const files = readdirSync(p)
      .filter((f) => IMAGE_FILE.test(f))
      .sort()
      .map((f) => join(p, f));
    if (files.length === 0)
      throw new DataError({ file: p, field: 'images', message: 'folder has no .png, .jpg or .jpeg file' });
    return files;
  });
}

/** `<run>/predict`, or the first of `predict2`, `predict3`, … that does not exist. */
function freshOutDir(runDir: string): string {
  for (let i = 1; ; i++) {
    const dir = join(runDir, i === 1 ? 'predict' : `predict${i}`);
    if (!existsSync(dir)) return dir;
  }
}

/**
 * One output name per input, `<name>.png`, made unique (`<name>-2.png`, …) against each other,
 * the files already in `outDir` and the inputs themselves, so no input and no earlier output is
 * overwritten.
 */
function outputNames(files: string[], outDir: string): string[] {
  const taken = new Set(existsSync(outDir) ? readdirSync(outDir) : []);
  const inputs = new Set(files.map((f) => resolve(f)));
  return files.map((f) => {
    const base = parse(f).name;
    for (let i = 1; ; i++) {
      const name = `${base}${i === 1 ? '' : `-${i}`}.png`;
      if (!taken.has(name) && !inputs.has(resolve(outDir, name))) {
        taken.add(name);
        return join(outDir, name);
      }
    }
  });
}

/**
 * `aligndet predict`: runs a trained run's detector on image files (or folders of them) and
 * writes, into `outDir`, each image with its detections drawn (`<name>.png`, made unique),
 * `results.json` (COCO results, boxes in original pixels, image ids 1…n in the order given) and
 * `images.json` (those ids with the input paths, output files and sizes). Inputs are never
 * overwritten.
 *
 * @example
 * ```ts
 * await predictWithRun('runs/demo', ['a.jpg', 'photos/'], { outDir: 'predictions' });
 * ```
 */
export async function predictWithRun(
  runDir: string,
  inputs: string[],
  options: PredictWithRunOptions = {},
): Promise<{ results: CocoResult[]; images: string[]; outDir: string }> {
  const log = options.log ?? ((l: string) => console.log(l));
  assertRunFolder(runDir);
  const files = expandImageInputs(inputs);
  const outDir = options.outDir ?? freshOutDir(runDir);
  if (existsSync(outDir) && !statSync(outDir).isDirectory())
    throw new DataError({ file: outDir, field: '--out', message: 'is a file, expected a folder' });
  for (const name of ['results.json', 'images.json'])
    if (files.some((f) => resolve(f) === resolve(outDir, name)))
      throw new DataError({
        file: join(outDir, name),
        field: '--out',
        message: 'is one of the inputs; choose another --out',
      });
  await initBackend(options.backend ?? 'auto', { purpose: 'inference', log });
  const { detector, config, categories } = loadTrainedDetector(runDir, { checkpoint: options.checkpoint });
  try {
    const predictions = await predictImages(detector, files, {
      minSize: configImageSize(config),
      maxSize: config.data.maxSize,
      scoreThreshold: options.scoreThreshold,
    });
    mkdirSync(outDir, { recursive: true });
    const pngs = outputNames(files, outDir);
    const results: CocoResult[] = [];
    predictions.forEach((p, i) => {
      results.push(...detectionsToCocoResults(p.detections, i + 1, p.scale, (c) => categories.ids[c]!));
      writeDetectionImage(
        pngs[i]!,
        p.image,
        p.detections,
        p.scale,
        categories.names,
        options.drawThreshold ?? 0.3,
      );
    });
    commitFile(join(outDir, 'results.json'), JSON.stringify(results));
    commitFile(
      join(outDir, 'images.json'),
      `${JSON.stringify(
        predictions.map((p, i) => ({
          id: i + 1,
          file_name: files[i],
          output: pngs[i],
          width: p.image.width,
          height: p.image.height,
        })),
        null,
        1,
      )}\n`,
    );
    return { results, images: pngs, outDir };
  } finally {
    detector.dispose();
  }
}
