import { createHash } from 'node:crypto';
import { type AssignerInput, type Assignment, centerSamplingCandidates } from '@aligndet/core-tensor';
import type { GtTrace, SpatialAssignerOptions } from '../../src/index';
import { cocoLikeScene } from '../coco-scene';

/** What the fingerprint test compares: exact hashes of the discrete decisions, and the float summaries. */
export interface AssignmentFingerprint {
  numPositives: number;
  /** sha256 of gtIndex, labels and boxTargets bytes (exact). */
  assignment: string;
  /** sha256 of every GT's per-level top-k points/slots, pool, selection and outcome (exact). */
  decisions: string;
  /** Per GT in processing order: Σ scores, Σ level means (compared to a relative 1e-12). */
  scoreSums: number[];
  meanSums: number[];
}

const sha = (parts: ArrayBufferView[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex');
};

/** The fingerprint of one assignment and its trace. */
export function fingerprint(a: Assignment, trace: GtTrace[]): AssignmentFingerprint {
  const decisions = trace.map((t) => ({
    g: t.gtIndex,
    levels: Object.entries(t.levels).map(([l, v]) => [Number(l), v.topk]),
    pool: t.pool,
    selected: t.selected,
    outcome: t.outcome,
  }));
  return {
    numPositives: a.numPositives,
    assignment: sha([a.gtIndex, a.labels, a.boxTargets]),
    decisions: createHash('sha256').update(JSON.stringify(decisions)).digest('hex'),
    scoreSums: trace.map((t) => t.scores.reduce((s, v) => s + v, 0)),
    meanSums: trace.map((t) => Object.values(t.levels).reduce((s, v) => s + v.mean, 0)),
  };
}

/** The scenes and assigner options fingerprinted (large enough to exercise every code path). */
export function fingerprintCases(): Array<{
  name: string;
  input: AssignerInput;
  options: SpatialAssignerOptions;
}> {
  return [
    { name: 'coco-like seed 1 (bench scene)', input: cocoLikeScene(1), options: {} },
    { name: 'coco-like seed 2, clustered', input: cocoLikeScene(2, { clustered: true }), options: {} },
    {
      name: 'coco-like seed 3, fitness scorer, top-k selector',
      input: cocoLikeScene(3, { numGt: 60 }),
      options: { scorer: 'fitness', selector: 'topk' },
    },
    {
      name: 'coco-like seed 4, clustered, one-hot slot 1, FCOS candidates',
      input: cocoLikeScene(4, { clustered: true, numGt: 60 }),
      options: { slot1ClassTarget: 'one-hot', candidates: centerSamplingCandidates({ radius: 2.5 }) },
    },
  ];
}
