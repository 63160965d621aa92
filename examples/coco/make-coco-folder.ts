// Writes a small COCO-format dataset folder, the layout a user's own dataset (or COCO itself) has:
//
//   <outDir>/train/annotations.json   <outDir>/train/images/*.png
//   <outDir>/val/annotations.json     <outDir>/val/images/*.png
//
// The images are the trainer's built-in synthetic shapes (`generateSyntheticDataset`); the
// category ids are then renumbered to non-contiguous ids, as in COCO (1..90 with gaps), so the
// example also exercises the id <-> class-index mapping. Skips the work when the folder exists.
//
//   tsx make-coco-folder.ts <outDir> [numTrain] [numVal] [imageSize]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticDataset } from '@aligndet/trainer';

/** Options of {@link makeCocoFolder}. */
export interface CocoFolderOptions {
  /** Training images. Default 64. */
  numTrain?: number;
  /** Validation images. Default 16. */
  numVal?: number;
  /** Square image side in pixels. Default 128. */
  imageSize?: number;
  /** Default 0. */
  seed?: number;
  /** COCO category id of each of the five shape classes. Default [3, 7, 18, 44, 90]. */
  categoryIds?: number[];
}

/** Paths of a written split. */
export interface CocoSplit {
  annotations: string;
  images: string;
}

/**
 * Writes (or reuses) the folder and returns the two splits' paths.
 *
 * @example
 * ```ts
 * const { train, val } = await makeCocoFolder('data/tiny-coco', { numTrain: 16, numVal: 4 });
 * ```
 */
export async function makeCocoFolder(
  outDir: string,
  options: CocoFolderOptions = {},
): Promise<{ train: CocoSplit; val: CocoSplit; written: boolean }> {
  const ids = options.categoryIds ?? [3, 7, 18, 44, 90];
  const split = (name: string): CocoSplit => ({
    annotations: join(outDir, name, 'annotations.json'),
    images: join(outDir, name, 'images'),
  });
  const train = split('train');
  const val = split('val');
  if (existsSync(train.annotations) && existsSync(val.annotations)) return { train, val, written: false };
  await generateSyntheticDataset({
    outDir,
    seed: options.seed ?? 0,
    numTrain: options.numTrain ?? 64,
    numVal: options.numVal ?? 16,
    scene: { imageSize: options.imageSize ?? 128 },
  });
  for (const s of [train, val]) {
    const json = JSON.parse(readFileSync(s.annotations, 'utf8'));
    if (json.categories.length !== ids.length)
      throw new Error(
        `makeCocoFolder: categoryIds: expected ${json.categories.length} ids, got ${ids.length} (${ids.join(', ')})`,
      );
    const remap = new Map<number, number>(
      json.categories.map((c: { id: number }, i: number) => [c.id, ids[i]!]),
    );
    for (const c of json.categories) c.id = remap.get(c.id);
    for (const a of json.annotations) a.category_id = remap.get(a.category_id);
    json.info = { ...json.info, description: 'aligndet examples/coco: a small COCO-format folder' };
    writeFileSync(s.annotations, JSON.stringify(json));
  }
  return { train, val, written: true };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [outDir = 'data/tiny-coco', numTrain, numVal, imageSize] = process.argv.slice(2);
  const r = await makeCocoFolder(outDir, {
    numTrain: numTrain ? Number(numTrain) : undefined,
    numVal: numVal ? Number(numVal) : undefined,
    imageSize: imageSize ? Number(imageSize) : undefined,
  });
  console.log(`${r.written ? 'wrote' : 'using existing'} ${r.train.annotations} and ${r.val.annotations}`);
}
