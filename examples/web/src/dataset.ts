// The built-in synthetic dataset, rendered in the page: the same images and boxes `aligndet train`
// writes to disk for the same seed and size, so a run trained here can be evaluated by
// `aligndet eval` in Node on the very same validation images.
import type { CocoGroundTruthJson } from '@aligndet/coco-eval';
import { type Scene, SYNTHETIC_CLASSES, syntheticScene } from '@aligndet/trainer/browser';

/** Size and seed of the in-page dataset (recorded in the run's config as `data.builtin`). */
export interface DatasetSpec {
  seed: number;
  numTrain: number;
  numVal: number;
  imageSize: number;
}

export interface PageDataset {
  spec: DatasetSpec;
  train: Scene[];
  val: Scene[];
  /** The validation split as COCO ground truth (image ids 1…numVal, category ids 1…5). */
  valCoco: CocoGroundTruthJson;
}

export const CLASS_NAMES: readonly string[] = SYNTHETIC_CLASSES;

export function buildDataset(spec: DatasetSpec): PageDataset {
  const scene = { imageSize: spec.imageSize };
  const train = Array.from({ length: spec.numTrain }, (_, i) => syntheticScene(spec.seed, 'train', i, scene));
  const val = Array.from({ length: spec.numVal }, (_, i) => syntheticScene(spec.seed, 'val', i, scene));
  let annId = 1;
  const valCoco: CocoGroundTruthJson = {
    images: val.map((s, i) => ({ id: i + 1, width: s.width, height: s.height })),
    categories: CLASS_NAMES.map((name, i) => ({ id: i + 1, name })),
    annotations: val.flatMap((s, i) =>
      s.objects.map((o) => ({
        id: annId++,
        image_id: i + 1,
        category_id: o.cls + 1,
        bbox: o.bbox,
        area: o.area,
        iscrowd: 0,
      })),
    ),
  };
  return { spec, train, val, valCoco };
}
