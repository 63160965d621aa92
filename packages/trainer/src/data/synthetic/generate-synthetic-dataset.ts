import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Random } from '../../util/random';
import { encodePng } from '../image/encode-png';
import { DEFAULT_SCENE_OPTIONS, renderScene, type SceneOptions } from './render-scene';
import { SYNTHETIC_CLASSES } from './shapes';
import { imageSeed } from './synthetic-scene';

/** Options of {@link generateSyntheticDataset}. */
export interface SyntheticDatasetOptions {
  /** Output folder; gets `train/` and `val/`, each with `images/` and `annotations.json`. */
  outDir: string;
  /** Seed: the same seed writes byte-identical datasets. Default 0. */
  seed?: number;
  /** Training images. Default 1000. */
  numTrain?: number;
  /** Validation images. Default 200. */
  numVal?: number;
  /** Scene settings (image size, object counts and sizes, clutter). */
  scene?: Partial<SceneOptions>;
}

/** Paths of a written COCO-format split. */
export interface DatasetSplitPaths {
  annotations: string;
  images: string;
}

async function writeSplit(
  dir: string,
  splitIndex: number,
  count: number,
  seed: number,
  scene: SceneOptions,
): Promise<DatasetSplitPaths> {
  const imagesDir = join(dir, 'images');
  await mkdir(imagesDir, { recursive: true });
  const images: object[] = [];
  const annotations: object[] = [];
  let annId = 1;
  for (let i = 0; i < count; i++) {
    const s = renderScene(new Random(imageSeed(seed, splitIndex, i)), scene);
    const id = i + 1;
    const fileName = `${String(id).padStart(6, '0')}.png`;
    await writeFile(join(imagesDir, fileName), encodePng({ width: s.width, height: s.height, data: s.rgb }));
    images.push({ id, file_name: fileName, width: s.width, height: s.height });
    for (const o of s.objects) {
      annotations.push({
        id: annId++,
        image_id: id,
        category_id: o.cls + 1,
        bbox: o.bbox,
        area: o.area,
        iscrowd: 0,
      });
    }
  }
  const categories = SYNTHETIC_CLASSES.map((name, i) => ({ id: i + 1, name, supercategory: 'shape' }));
  const json = {
    info: { description: 'aligndet built-in synthetic shapes dataset', seed, version: 1 },
    images,
    annotations,
    categories,
  };
  const annPath = join(dir, 'annotations.json');
  const tmp = `${annPath}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(json));
  await rename(tmp, annPath);
  return { annotations: annPath, images: imagesDir };
}

/**
 * Writes the built-in dataset: a real COCO-format dataset (PNG files + instances JSON) of five
 * shape classes at strongly varying scales (6–96 px on 128 px images by default) and aspect
 * ratios (up to 3:1), on textured backgrounds with clutter strokes and partial occlusion.
 * Deterministic for a given seed.
 *
 * @example
 * ```ts
 * const { train, val } = await generateSyntheticDataset({ outDir: 'data/shapes', seed: 0, numTrain: 500 });
 * // train.annotations === 'data/shapes/train/annotations.json'
 * ```
 */
export async function generateSyntheticDataset(
  options: SyntheticDatasetOptions,
): Promise<{ train: DatasetSplitPaths; val: DatasetSplitPaths }> {
  const seed = options.seed ?? 0;
  const scene = { ...DEFAULT_SCENE_OPTIONS, ...options.scene };
  const train = await writeSplit(join(options.outDir, 'train'), 0, options.numTrain ?? 1000, seed, scene);
  const val = await writeSplit(join(options.outDir, 'val'), 1, options.numVal ?? 200, seed, scene);
  return { train, val };
}
