import { type Assigner, type AssignerInput, type Assignment, matchToAssignment } from '@aligndet/core-tensor';
import { type FcosAssignerOptions, FcosMatchAssigner } from './fcos-match-assigner';

export type { FcosAssignerOptions } from './fcos-match-assigner';

/**
 * FCOS's own label assignment (spec §1.5) as a v1 core-tensor `Assigner`: the match of
 * {@link FcosMatchAssigner}, with targets the distances (l, t, r, b) divided by the stride.
 *
 * @example
 * ```ts
 * const assignment = new FcosAssigner().assign({ points, strides, levels, numLevels: 5, gtBoxes, gtLabels });
 * ```
 */
export class FcosAssigner implements Assigner {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'fcos';
  readonly requiresPredictions = false;
  private readonly rule: FcosMatchAssigner;

  constructor(options: FcosAssignerOptions = {}) {
    this.rule = new FcosMatchAssigner(options);
  }

  assign(input: AssignerInput): Assignment {
    return matchToAssignment(this.rule.assign(input), input);
  }
}
