import { Random } from '../../util/random';
import { DEFAULT_SCENE_OPTIONS, renderScene, type Scene, type SceneOptions } from './render-scene';

/** The splits of the built-in dataset, in the order their seeds are derived. */
export type SyntheticSplit = 'train' | 'val';

/** Per-image seed: independent of generation order, so splits can be regenerated in parallel. */
export function imageSeed(seed: number, split: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (split + 1), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (index + 0x632be5ab), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Image `index` (0-based) of a split of the built-in dataset, rendered in memory: the same pixels
 * and objects `generateSyntheticDataset` writes as `<split>/images/<index + 1>.png`, without a file
 * system (so a page can train on the dataset `aligndet train` uses for the same seed and size).
 *
 * @example
 * ```ts
 * const scene = syntheticScene(0, 'val', 0, { imageSize: 128 });
 * scene.rgb.length; // 128 * 128 * 3; scene.objects[0].bbox is COCO xywh
 * ```
 */
export function syntheticScene(
  seed: number,
  split: SyntheticSplit,
  index: number,
  scene: Partial<SceneOptions> = {},
): Scene {
  const options = { ...DEFAULT_SCENE_OPTIONS, ...scene };
  return renderScene(new Random(imageSeed(seed, split === 'train' ? 0 : 1, index)), options);
}
