import {
  emptyMatch,
  InvalidArgumentError,
  type Match,
  type MatchAssigner,
  type MatchInput,
  pairwiseIou,
} from '@aligndet/core-tensor';

/** Options of {@link TaskAlignedAssigner}; each overrides the preset. */
export interface TaskAlignedAssignerOptions {
  /**
   * `tood` (default): α 1, β 6, top-13 over all points, then centres inside the GT (TOOD, as mmdet's
   * `TaskAlignedAssigner`); `ultralytics`: α 0.5, β 6, top-10 among the centres inside the GT
   * (YOLOv8's `TaskAlignedAssigner`).
   */
  preset?: 'tood' | 'ultralytics';
  /** Exponent of the classification score s. */
  alpha?: number;
  /** Exponent of the IoU u. */
  beta?: number;
  /** Points kept per GT, by descending alignment. */
  topK?: number;
  /** `all`: rank every point, then drop centres outside the GT; `inside`: rank only centres inside. */
  rank?: 'all' | 'inside';
  /** A centre is inside when its distance to every side exceeds this (pixels). tood 0.01, ultralytics 1e-9. */
  insideMargin?: number;
  /** Added to a GT's largest alignment when normalising. tood 1e-7, ultralytics 1e-9. */
  eps?: number;
}

type Resolved = Required<Omit<TaskAlignedAssignerOptions, 'preset'>>;

const PRESETS: Record<'tood' | 'ultralytics', Resolved> = {
  tood: { alpha: 1, beta: 6, topK: 13, rank: 'all', insideMargin: 0.01, eps: 1e-7 },
  ultralytics: { alpha: 0.5, beta: 6, topK: 10, rank: 'inside', insideMargin: 1e-9, eps: 1e-9 },
};

/**
 * The task-aligned assigner (TAL) of TOOD (Feng et al., ICCV 2021, §3.2), on core-tensor's v2
 * contract. For GT g and point p, with s the predicted probability of g's class and u the IoU of
 * p's predicted box with g, the alignment is t = s^α · u^β. Each GT keeps its `topK` points by t
 * whose centres lie inside it (and t > 0); a point claimed by several GTs goes to the one its
 * predicted box overlaps most (ties: lower index). `metrics.quality` is TOOD's normalised
 * alignment t / max t · max u over the GT's positives, the soft target TOOD and YOLOv8 train the
 * classifier on; `metrics.alignment` is t and `metrics.iou` is u. Points whose t is 0 are never
 * positive: they would carry a zero target and weight in YOLOv8's loss anyway.
 *
 * @example
 * ```ts
 * const tal = new TaskAlignedAssigner();              // TOOD: α 1, β 6, top-13
 * const m = tal.assign({ ...grid, gtBoxes, gtLabels,
 *   predictions: { numClasses: 80, clsLogits, boxes } }); // [P, C] logits, [P, 4] xyxy pixels
 * m.metrics!.quality; // [P] soft classification target, 0 on background
 * ```
 */
export class TaskAlignedAssigner implements MatchAssigner {
  readonly specificationVersion = 'v2' as const;
  readonly name = 'tal';
  readonly requiresPredictions = true;
  readonly options: Readonly<Resolved>;

  constructor(options: TaskAlignedAssignerOptions = {}) {
    const preset = PRESETS[options.preset ?? 'tood'];
    if (!preset)
      throw new InvalidArgumentError({
        op: 'TaskAlignedAssigner',
        field: 'preset',
        value: options.preset,
        expected: 'tood or ultralytics',
      });
    const o: Resolved = { ...preset };
    for (const key of Object.keys(o) as Array<keyof Resolved>) {
      const v = options[key];
      if (v !== undefined) (o as Record<string, unknown>)[key] = v;
    }
    if (!Number.isInteger(o.topK) || o.topK < 1)
      throw new InvalidArgumentError({
        op: 'TaskAlignedAssigner',
        field: 'topK',
        value: o.topK,
        expected: 'a positive integer',
      });
    for (const field of ['alpha', 'beta'] as const)
      if (!(o[field] >= 0))
        throw new InvalidArgumentError({
          op: 'TaskAlignedAssigner',
          field,
          value: o[field],
          expected: 'a number ≥ 0',
        });
    this.options = o;
  }

  assign(input: MatchInput): Match {
    const P = input.strides.length;
    const G = input.gtLabels.length;
    const out = emptyMatch(P);
    const quality = new Float32Array(P);
    const alignment = new Float32Array(P);
    const iouOut = new Float32Array(P);
    out.metrics = { quality, alignment, iou: iouOut };
    if (G === 0 || P === 0) return out;
    const pred = this.checkedPredictions(input, P, G);
    const { alpha, beta, topK, rank, insideMargin, eps } = this.options;
    const C = pred.numClasses;
    const iou = pairwiseIou(pred.boxes, input.gtBoxes); // [P, G]
    const metric = new Float64Array(P * G);
    const bestIou = new Float64Array(P).fill(Number.NEGATIVE_INFINITY);
    const pts = input.points;
    const b = input.gtBoxes;
    const order: number[] = [];
    for (let g = 0; g < G; g++) {
      const c = input.gtLabels[g]!;
      const [x1, y1, x2, y2] = [b[4 * g]!, b[4 * g + 1]!, b[4 * g + 2]!, b[4 * g + 3]!];
      const inside = (p: number) => {
        const x = pts[2 * p]!;
        const y = pts[2 * p + 1]!;
        return Math.min(x - x1, y - y1, x2 - x, y2 - y) > insideMargin;
      };
      order.length = 0;
      for (let p = 0; p < P; p++) {
        const u = iou[p * G + g]!;
        if (!(u > 0)) continue; // t = 0 (or a degenerate box): never positive
        const s = 1 / (1 + Math.exp(-pred.clsLogits[p * C + c]!));
        const t = s ** alpha * u ** beta;
        metric[p * G + g] = t;
        if (t > 0 && (rank === 'all' || inside(p))) order.push(p);
      }
      order.sort((i, j) => metric[j * G + g]! - metric[i * G + g]! || i - j);
      const kept = Math.min(topK, order.length);
      for (let i = 0; i < kept; i++) {
        const p = order[i]!;
        if (rank === 'all' && !inside(p)) continue;
        const u = iou[p * G + g]!;
        if (u > bestIou[p]!) {
          bestIou[p] = u;
          out.gtIndex[p] = g;
        }
      }
    }
    // TOOD's normalisation, per GT over its positives after the conflicts are resolved
    const maxT = new Float64Array(G);
    const maxU = new Float64Array(G);
    for (let p = 0; p < P; p++) {
      const g = out.gtIndex[p]!;
      if (g < 0) continue;
      out.labels[p] = input.gtLabels[g]!;
      out.numPositives++;
      maxT[g] = Math.max(maxT[g]!, metric[p * G + g]!);
      maxU[g] = Math.max(maxU[g]!, iou[p * G + g]!);
    }
    for (let p = 0; p < P; p++) {
      const g = out.gtIndex[p]!;
      if (g < 0) continue;
      const t = metric[p * G + g]!;
      alignment[p] = t;
      iouOut[p] = iou[p * G + g]!;
      quality[p] = (t / (maxT[g]! + eps)) * maxU[g]!;
    }
    return out;
  }

  private checkedPredictions(input: MatchInput, P: number, G: number) {
    const pred = input.predictions;
    const fail = (field: string, value: unknown, expected: string) => {
      throw new InvalidArgumentError({ op: 'TaskAlignedAssigner.assign', field, value, expected });
    };
    if (!pred) return fail('predictions', undefined, 'cls logits and decoded boxes (requiresPredictions)');
    if (pred.clsLogits.length !== P * pred.numClasses)
      fail(
        'predictions.clsLogits',
        pred.clsLogits.length,
        `${P * pred.numClasses} values ([P, C] = [${P}, ${pred.numClasses}])`,
      );
    if (pred.boxes.length !== 4 * P) fail('predictions.boxes', pred.boxes.length, `${4 * P} values ([P, 4])`);
    if (input.gtBoxes.length !== 4 * G)
      fail('gtBoxes', input.gtBoxes.length, `${4 * G} values ([G, 4] for ${G} labels)`);
    for (let g = 0; g < G; g++) {
      const c = input.gtLabels[g]!;
      if (!(c >= 0 && c < pred.numClasses)) fail(`gtLabels[${g}]`, c, `a class in 0..${pred.numClasses - 1}`);
    }
    return pred;
  }
}
