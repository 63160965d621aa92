import { encodeDistances } from '../../boxes/distance-coder';
import type { GroundTruth, Match, PointGeometry } from './match-assigner';

/**
 * The matched ground-truth box of every point, for the head's own coder: `[P, 4]` xyxy pixels,
 * zeros on background. (torchvision's `gt_boxes[matched_idxs.clip(min=0)]`.)
 *
 * @example
 * ```ts
 * const boxes = matchedBoxes(match, gtBoxes);
 * const targets = encodeDistances(grid.points, boxes, grid.strides); // FCOS's coding
 * ```
 */
export function matchedBoxes(match: Match, gtBoxes: Float32Array): Float32Array {
  const P = match.gtIndex.length;
  const out = new Float32Array(4 * P);
  for (let p = 0; p < P; p++) {
    const g = match.gtIndex[p]!;
    if (g >= 0) out.set(gtBoxes.subarray(4 * g, 4 * g + 4), 4 * p);
  }
  return out;
}

/**
 * FCOS's coding of a match: (l, t, r, b) / stride towards the matched box, `[P, 4]`, zeros on
 * background. Uses core's one `encodeDistances`.
 */
export function matchedDistances(match: Match, geometry: PointGeometry, gt: GroundTruth): Float32Array {
  const out = encodeDistances(geometry.points, matchedBoxes(match, gt.gtBoxes), geometry.strides);
  for (let p = 0; p < match.gtIndex.length; p++) if (match.gtIndex[p]! < 0) out.fill(0, 4 * p, 4 * p + 4);
  return out;
}

/**
 * Dense classification targets of a batch of matches, `[N, P, C]` flat: 1 at (point, matched
 * label), or the match's `metrics[soft]` there when `soft` names a metric (the task-aligned
 * assigner's `quality`, as TOOD and YOLOv8 train their classifiers; 1 for a match without that
 * metric); 0 elsewhere.
 *
 * @example
 * ```ts
 * const cls = tf.tensor3d(classTargets(matches, C, 'quality'), [N, P, C]);
 * ```
 */
export function classTargets(matches: readonly Match[], numClasses: number, soft?: string): Float32Array {
  const P = matches[0]?.gtIndex.length ?? 0;
  const out = new Float32Array(matches.length * P * numClasses);
  matches.forEach((m, n) => {
    const weight = soft ? m.metrics?.[soft] : undefined;
    for (let p = 0; p < P; p++) {
      const label = m.labels[p]!;
      if (m.gtIndex[p]! < 0 || label < 0 || label >= numClasses) continue;
      out[(n * P + p) * numClasses + label] = weight ? weight[p]! : 1;
    }
  });
  return out;
}
