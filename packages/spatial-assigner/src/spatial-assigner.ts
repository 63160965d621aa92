import {
  type Assigner,
  type AssignerInput,
  type Assignment,
  type CandidateGenerator,
  distanceGiou,
  emptyAssignment,
  InvalidArgumentError,
  insideBoxCandidates,
} from '@aligndet/core-tensor';
import { focalNegativeSum, focalSwing } from './focal-cost';
import { fitnessScorer, officialScorer, type Scorer } from './scoring/scorers';
import { gmmSelector, type Selector, topKSelector } from './scoring/selectors';

/** Options of {@link SpatialAssigner}; defaults reproduce the official code (spec §3). */
export interface SpatialAssignerOptions {
  /** Which points may be assigned to which GT. Default: every point strictly inside the box (official, §3.2). */
  candidates?: CandidateGenerator;
  /** Lowest-cost candidates kept per level. Default 9. */
  topK?: number;
  /** Levels kept per GT, ranked by mean top-k cost. Default 2. */
  levelsKept?: number;
  /** `official` (default), `fitness` (our reading of the description, D3) or your own. */
  scorer?: 'official' | 'fitness' | Scorer;
  /** `gmm` (default, official), `topk` (the `topK` lowest scores) or your own. */
  selector?: 'gmm' | 'topk' | Selector;
  /**
   * Classification target of the slot-1 cost (a point's second-smallest GT): `multi-hot` (both
   * GTs' classes, the official code's behaviour, M6) or `one-hot` (that GT's class only).
   */
  slot1ClassTarget?: 'multi-hot' | 'one-hot';
  /** Focal-loss α of the classification cost. Default 0.25. */
  focalAlpha?: number;
  /** Focal-loss γ. Default 2. */
  focalGamma?: number;
}

/** What happened to one GT (for debugging, tests and the conformance runner). */
export interface GtTrace {
  gtIndex: number;
  /** Per non-empty level: the top-k `[point, slot]` entries by ascending cost, their costs, mean. */
  levels: Record<number, { topk: Array<[number, number]>; cost: number[]; mean: number }>;
  /** Pooled entries `[point, slot]` (best level first) and their scores. */
  pool: Array<[number, number]>;
  scores: number[];
  /** Selected `[point, slot]` entries (positives). */
  selected: Array<[number, number]>;
  /** Why the GT got no positives, if it got none. */
  outcome: 'assigned' | 'no-candidates' | 'empty-selection' | 'conflict';
}

/** Inclusive-pixel area (x2 − x1 + 1)(y2 − y1 + 1), as the official code computes GT areas. */
function inclusiveArea(b: Float32Array, g: number): number {
  return (b[4 * g + 2]! - b[4 * g]! + 1) * (b[4 * g + 3]! - b[4 * g + 1]! + 1);
}

/**
 * The aligned-points sampler (APS): among an object's candidate points, pick those where the
 * classification and regression costs of the current predictions are low and agree, instead of a
 * fixed geometric rule. Implements the core-tensor `Assigner` contract (per image, typed arrays),
 * so it drops into any anchor-free head. Follows the official code exactly (spec §3): two-slot
 * candidates (each point competes for its two smallest containing GTs), per-(point, slot) costs =
 * full focal loss + (1 − GIoU) in stride units, top-9 per level, best two levels by mean cost,
 * score u = √(σ(|Lcls − Lreg|)·(Lcls + Lreg)), a 2-component GMM cut, a conflict guard. GTs are
 * processed by ascending (area, index); ties are broken by index everywhere (D4). Costs come from
 * plain arrays: no gradient flows through the assignment.
 *
 * @example
 * ```ts
 * const aps = new SpatialAssigner();
 * const a = aps.assign({ points, strides, levels, numLevels: 5, gtBoxes, gtLabels,
 *   predictions: { numClasses: 80, clsLogits, boxDistances } });
 * a.gtIndex; // [P], -1 = background
 * ```
 */
export class SpatialAssigner implements Assigner {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'aps';
  readonly requiresPredictions = true;
  private readonly candidates: CandidateGenerator;
  private readonly topK: number;
  private readonly levelsKept: number;
  private readonly scorer: Scorer;
  private readonly selector: Selector;
  private readonly multiHot: boolean;
  private readonly alpha: number;
  private readonly gamma: number;

  constructor(options: SpatialAssignerOptions = {}) {
    this.candidates = options.candidates ?? insideBoxCandidates;
    this.topK = options.topK ?? 9;
    this.levelsKept = options.levelsKept ?? 2;
    this.scorer =
      options.scorer === 'fitness'
        ? fitnessScorer
        : typeof options.scorer === 'function'
          ? options.scorer
          : officialScorer;
    this.selector =
      options.selector === 'topk'
        ? topKSelector(this.topK)
        : typeof options.selector === 'function'
          ? options.selector
          : gmmSelector;
    this.multiHot = (options.slot1ClassTarget ?? 'multi-hot') === 'multi-hot';
    this.alpha = options.focalAlpha ?? 0.25;
    this.gamma = options.focalGamma ?? 2;
    for (const [field, v] of [
      ['topK', this.topK],
      ['levelsKept', this.levelsKept],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new InvalidArgumentError({
          op: 'SpatialAssigner',
          field,
          value: v,
          expected: 'a positive integer',
        });
    }
  }

  assign(input: AssignerInput): Assignment {
    return this.assignWithTrace(input).assignment;
  }

  /** {@link SpatialAssigner.assign} plus a per-GT trace of the decision (in processing order). */
  assignWithTrace(input: AssignerInput): { assignment: Assignment; trace: GtTrace[] } {
    const P = input.strides.length;
    const G = input.gtLabels.length;
    const out = emptyAssignment(P);
    const trace: GtTrace[] = [];
    if (G === 0 || P === 0) return { assignment: out, trace };
    const pred = input.predictions;
    if (!pred)
      throw new InvalidArgumentError({
        op: 'SpatialAssigner.assign',
        field: 'predictions',
        value: undefined,
        expected: 'cls logits and box distances (requiresPredictions)',
      });
    const C = pred.numClasses;
    if (pred.clsLogits.length !== P * C)
      throw new InvalidArgumentError({
        op: 'SpatialAssigner.assign',
        field: 'predictions.clsLogits',
        value: pred.clsLogits.length,
        expected: `${P * C} values ([P, C] = [${P}, ${C}])`,
      });
    if (pred.boxDistances.length !== 4 * P)
      throw new InvalidArgumentError({
        op: 'SpatialAssigner.assign',
        field: 'predictions.boxDistances',
        value: pred.boxDistances.length,
        expected: `${4 * P} values ([P, 4])`,
      });
    if (input.gtBoxes.length !== 4 * G)
      throw new InvalidArgumentError({
        op: 'SpatialAssigner.assign',
        field: 'gtBoxes',
        value: input.gtBoxes.length,
        expected: `${4 * G} values ([G, 4] for ${G} labels)`,
      });

    const boxes = input.gtBoxes;
    const mask = this.candidates(input);
    const area = Float64Array.from({ length: G }, (_, g) => inclusiveArea(boxes, g));
    const order = Array.from({ length: G }, (_, g) => g).sort((a, b) => area[a]! - area[b]! || a - b);

    // two slots per point: its smallest and second-smallest candidate GTs
    const slot0 = new Int32Array(P).fill(-1);
    const slot1 = new Int32Array(P).fill(-1);
    for (const g of order) {
      for (let p = 0; p < P; p++) {
        if (!mask[g * P + p]) continue;
        if (slot0[p]! < 0) slot0[p] = g;
        else if (slot1[p]! < 0) slot1[p] = g;
      }
    }
    if (G === 1) slot1.set(slot0); // the official code duplicates a lone GT's column

    const target = (p: number, g: number, outArr: Float64Array | Float32Array, at: number) => {
      const s = input.strides[p]!;
      const x = input.points[2 * p]!;
      const y = input.points[2 * p + 1]!;
      outArr[at] = (x - boxes[4 * g]!) / s;
      outArr[at + 1] = (y - boxes[4 * g + 1]!) / s;
      outArr[at + 2] = (boxes[4 * g + 2]! - x) / s;
      outArr[at + 3] = (boxes[4 * g + 3]! - y) / s;
    };
    // per-(point, slot) costs, only where the slot exists
    const cls = [new Float64Array(P), new Float64Array(P)];
    const reg = [new Float64Array(P), new Float64Array(P)];
    const t = new Float64Array(4);
    for (let p = 0; p < P; p++) {
      const g0 = slot0[p]!;
      if (g0 < 0) continue;
      const c0 = input.gtLabels[g0]!;
      const negatives = focalNegativeSum(pred.clsLogits, p, C, this.alpha, this.gamma);
      const swing0 = focalSwing(pred.clsLogits[p * C + c0]!, this.alpha, this.gamma);
      cls[0]![p] = negatives + swing0;
      target(p, g0, t, 0);
      reg[0]![p] = 1 - distanceGiou(pred.boxDistances, p, t, 0);
      const g1 = slot1[p]!;
      if (g1 < 0) continue;
      const c1 = input.gtLabels[g1]!;
      const swing1 = focalSwing(pred.clsLogits[p * C + c1]!, this.alpha, this.gamma);
      cls[1]![p] = negatives + (this.multiHot ? (c1 === c0 ? swing0 : swing0 + swing1) : swing1);
      target(p, g1, t, 0);
      reg[1]![p] = 1 - distanceGiou(pred.boxDistances, p, t, 0);
    }

    const open0 = new Uint8Array(P).fill(1);
    const open1 = new Uint8Array(P);
    const owner = out.gtIndex;
    const L = input.numLevels;
    for (const g of order) {
      const inside: number[] = [];
      for (let p = 0; p < P; p++) if (mask[g * P + p]) inside.push(p);
      const closeAll = () => {
        for (const p of inside) {
          open0[p] = 0;
          open1[p] = 0;
        }
      };
      const perLevel: Array<Array<[number, number, number]>> = Array.from({ length: L }, () => []);
      for (const p of inside) {
        const k = open0[p] ? 0 : open1[p] ? 1 : -1;
        if (k < 0) continue;
        perLevel[input.levels[p]!]!.push([p, k, cls[k]![p]! + reg[k]![p]!]);
      }
      const tr: GtTrace = { gtIndex: g, levels: {}, pool: [], scores: [], selected: [], outcome: 'assigned' };
      trace.push(tr);
      const kept: Array<{ level: number; entries: Array<[number, number, number]>; mean: number }> = [];
      perLevel.forEach((entries, level) => {
        if (!entries.length) return;
        entries.sort((a, b) => a[2] - b[2] || a[0] - b[0]);
        const top = entries.slice(0, this.topK);
        const mean = top.reduce((s, e) => s + e[2], 0) / top.length;
        kept.push({ level, entries: top, mean });
        tr.levels[level] = { topk: top.map(([p, k]) => [p, k]), cost: top.map((e) => e[2]), mean };
      });
      if (!kept.length) {
        tr.outcome = 'no-candidates';
        closeAll();
        continue;
      }
      const singleLevel = kept.length === 1;
      const best = singleLevel
        ? kept
        : [...kept].sort((a, b) => a.mean - b.mean || a.level - b.level).slice(0, this.levelsKept);
      const pool = best.flatMap((l) => l.entries);
      const lcls = Float64Array.from(pool, ([p, k]) => cls[k]![p]!);
      const lreg = Float64Array.from(pool, ([p, k]) => reg[k]![p]!);
      const scores = this.scorer({ lcls, lreg, singleLevel });
      const chosen = pool.length === 1 ? [0] : this.selector(scores);
      tr.pool = pool.map(([p, k]) => [p, k]);
      tr.scores = Array.from(scores);
      if (!chosen.length || chosen.some((j) => owner[pool[j]![0]]! >= 0)) {
        tr.outcome = chosen.length ? 'conflict' : 'empty-selection';
        closeAll();
        continue;
      }
      const selected = new Set<number>();
      for (const j of chosen) {
        const [p, k] = pool[j]!;
        selected.add(p);
        owner[p] = g;
        out.labels[p] = input.gtLabels[g]!;
        target(p, g, out.boxTargets, 4 * p);
        out.numPositives++;
        tr.selected.push([p, k]);
      }
      for (const p of inside) {
        const w = open0[p]!;
        open0[p] = 0;
        open1[p] = w && !selected.has(p) && slot1[p]! >= 0 ? 1 : 0;
      }
    }
    return { assignment: out, trace };
  }
}
