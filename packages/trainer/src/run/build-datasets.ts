import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainConfig } from '../config/schema';
import { CocoDataset } from '../data/coco-dataset';
import { generateSyntheticDataset } from '../data/synthetic/generate-synthetic-dataset';

/** The training and validation datasets of a config (writing the built-in dataset on first use). */
export async function buildDatasets(
  config: TrainConfig,
  log: (line: string) => void,
): Promise<{ train: CocoDataset; val: CocoDataset }> {
  const d = config.data;
  if (d.train) {
    const train = CocoDataset.load(d.train.annotations, {
      imageDir: d.train.images,
      onBadAnnotation: d.onBadAnnotation,
    });
    const valSpec = d.val ?? d.train;
    const val = CocoDataset.load(valSpec.annotations, {
      imageDir: valSpec.images,
      onBadAnnotation: d.onBadAnnotation,
    });
    return { train, val };
  }
  const b = d.builtin;
  const dir = join(b.dir, `seed${b.seed}-n${b.numTrain}-${b.numVal}-s${b.imageSize}`);
  if (!existsSync(join(dir, 'val', 'annotations.json'))) {
    log(
      `aligndet: writing the built-in dataset to ${dir} (${b.numTrain} train + ${b.numVal} val images, ${b.imageSize}px)`,
    );
    await generateSyntheticDataset({
      outDir: dir,
      seed: b.seed,
      numTrain: b.numTrain,
      numVal: b.numVal,
      scene: { imageSize: b.imageSize },
    });
  }
  return {
    train: CocoDataset.load(join(dir, 'train', 'annotations.json')),
    val: CocoDataset.load(join(dir, 'val', 'annotations.json')),
  };
}
