import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BadDataPolicy, CocoDataset } from '../data/coco-dataset';
import { writeGroundTruthImage } from '../run/write-detection-images';

/** Options of {@link browseDataset}. */
export interface BrowseDatasetOptions {
  /** Folder of the images (default: `images/` beside the JSON, as `CocoDataset.load`). */
  images?: string;
  /** Folder for the drawn PNGs. Default `browse`. */
  outDir?: string;
  /** How many images to draw, from the first. Default 16. */
  count?: number;
  /** Bad annotations: `skip` (default here, so they are counted) or `error`. */
  onBadAnnotation?: BadDataPolicy;
  log?: (line: string) => void;
}

/**
 * `aligndet browse`: reads a COCO dataset as training would, prints its size, the boxes per class
 * and the reader's skip counts, and draws the ground truth of the first `count` images (dashed
 * boxes, class-name tags) at their own resolution into `outDir`.
 *
 * @example
 * ```ts
 * const { images } = await browseDataset('data/val/annotations.json', { count: 8, outDir: 'browse' });
 * ```
 */
export async function browseDataset(
  annotations: string,
  options: BrowseDatasetOptions = {},
): Promise<{ dataset: CocoDataset; images: string[] }> {
  const log = options.log ?? ((l: string) => console.log(l));
  const dataset = CocoDataset.load(annotations, {
    imageDir: options.images,
    onBadAnnotation: options.onBadAnnotation ?? 'skip',
  });
  const perClass = new Array<number>(dataset.numClasses).fill(0);
  let boxes = 0;
  for (const r of dataset.records) {
    for (const l of r.labels) perClass[l]!++;
    boxes += r.labels.length;
  }
  log(
    `${annotations}: ${dataset.length} images, ${boxes} boxes, ${dataset.numClasses} classes (images in ${dataset.imageDir})`,
  );
  for (const [i, n] of perClass.entries())
    log(`  ${dataset.categoryNames[i]} (id ${dataset.categoryIdOf(i)}): ${n} boxes`);
  const s = dataset.skipped;
  log(
    `skipped annotations: ${s.degenerateBox} degenerate box, ${s.outOfImageBox} out-of-image box, ${s.unknownCategory} unknown category, ${s.unknownImage} unknown image`,
  );
  const outDir = options.outDir ?? 'browse';
  mkdirSync(outDir, { recursive: true });
  const images: string[] = [];
  for (let i = 0; i < Math.min(options.count ?? 16, dataset.length); i++) {
    const sample = await dataset.get(i);
    const path = join(outDir, `${String(sample.imageId).padStart(6, '0')}.png`);
    writeGroundTruthImage(path, sample, dataset.categoryNames);
    images.push(path);
  }
  return { dataset, images };
}
