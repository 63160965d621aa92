import {
  type Assigner,
  type AssignerInput,
  type Assignment,
  type CandidateGenerator,
  emptyAssignment,
  InvalidArgumentError,
  insideBoxCandidates,
} from '@aligndet/core-tensor';
import { candidateLists } from './candidates/candidate-lists';
import { gtProcessingOrder, twoSlots } from './candidates/two-slot';
import { SlotCosts } from './costs/slot-costs';
import { strideTarget } from './costs/stride-target';
import { hasConflict, SlotFlags } from './flags/slot-flags';
import { LevelSelector } from './levels/level-pool';
import { LevelThreshold } from './levels/level-threshold';
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

    const candidates = candidateLists(input, this.candidates);
    const order = gtProcessingOrder(input.gtBoxes, G);
    const slots = twoSlots(candidates, order, P);
    const costs = new SlotCosts(input, slots, {
      alpha: this.alpha,
      gamma: this.gamma,
      multiHot: this.multiHot,
    });
    const levelOf = input.levels;
    const selector = new LevelSelector(input.numLevels, this.topK);
    const bounds = new LevelThreshold(input.numLevels, this.topK);
    const threshold = new Float64Array(input.numLevels);
    const flags = new SlotFlags(P);
    const owner = out.gtIndex;
    for (const g of order) {
      const inside = candidates.points.subarray(candidates.start[g]!, candidates.start[g + 1]!);
      selector.reset();
      // The exact cost of a candidate costs a focal sum over every class. Only candidates whose
      // lower bound is at most the k-th smallest upper bound of their level can be in that level's
      // top-k; offering just those (in the same ascending point order) gives the same top-k, as it
      // is the k smallest by (cost, point) — unless a cost may be NaN, which compares false and
      // makes the result depend on the offers: then every open candidate is offered exactly.
      let bounded = costs.hasBounds;
      if (bounded) {
        bounds.reset();
        for (let i = 0; i < inside.length && bounded; i++) {
          const p = inside[i]!;
          const k = flags.openSlot(p);
          if (k < 0) continue;
          if (costs.mayBeNaNAt(p)) bounded = false;
          else bounds.offer(costs.upperBound(k as 0 | 1, p), levelOf[p]!);
        }
        for (let l = 0; l < threshold.length; l++) threshold[l] = bounds.threshold(l);
      }
      for (let i = 0; i < inside.length; i++) {
        const p = inside[i]!;
        const k = flags.openSlot(p) as -1 | 0 | 1;
        if (k === -1) continue;
        const level = levelOf[p]!;
        if (bounded) {
          const lower = costs.lowerBound(k, p);
          if (lower > threshold[level]! || !selector.mayAdmit(p, lower, level)) continue;
        }
        selector.offer(p, k, costs.cost(k, p), level);
      }
      const { levels, pool, singleLevel } = selector.finish(this.levelsKept);
      const tr: GtTrace = { gtIndex: g, levels: {}, pool: [], scores: [], selected: [], outcome: 'assigned' };
      trace.push(tr);
      for (const l of levels)
        tr.levels[l.level] = {
          topk: l.entries.map(([p, k]) => [p, k]),
          cost: l.entries.map((e) => e[2]),
          mean: l.mean,
        };
      if (!pool.length) {
        tr.outcome = 'no-candidates';
        flags.closeAll(inside);
        continue;
      }
      const lcls = Float64Array.from(pool, ([p, k]) => costs.cls(k as 0 | 1, p));
      const lreg = Float64Array.from(pool, ([p, k]) => costs.reg[k as 0 | 1][p]!);
      const scores = this.scorer({ lcls, lreg, singleLevel });
      const chosen = pool.length === 1 ? [0] : this.selector(scores);
      tr.pool = pool.map(([p, k]) => [p, k]);
      tr.scores = Array.from(scores);
      if (
        !chosen.length ||
        hasConflict(
          chosen.map((j) => pool[j]![0]),
          owner,
        )
      ) {
        tr.outcome = chosen.length ? 'conflict' : 'empty-selection';
        flags.closeAll(inside);
        continue;
      }
      const selected = new Set<number>();
      for (const j of chosen) {
        const [p, k] = pool[j]!;
        selected.add(p);
        owner[p] = g;
        out.labels[p] = input.gtLabels[g]!;
        strideTarget(input.points, input.strides, input.gtBoxes, p, g, out.boxTargets, 4 * p);
        out.numPositives++;
        tr.selected.push([p, k]);
      }
      flags.afterSelection(inside, selected, (p) => slots.slot1[p]! >= 0);
    }
    return { assignment: out, trace };
  }
}
