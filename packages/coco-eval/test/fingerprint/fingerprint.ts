import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type CocoEvalOptions, evaluateCoco } from '../../src/index';

/** sha256 of the full accumulated arrays (bitwise) and the 12 stats of one evaluation. */
export interface EvalFingerprint {
  name: string;
  precision: string;
  recall: string;
  scores: string;
  stats: number[];
}

const sha = (a: Float64Array) =>
  createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex');

/** The evaluations fingerprinted: every shared fixture with defaults, and option variants on the largest. */
export function fingerprintCases(
  fixtures: string,
  names: string[],
): Array<{ name: string; dir: string; options: CocoEvalOptions }> {
  return [
    ...names.map((name) => ({ name, dir: join(fixtures, name), options: {} })),
    { name: 'm_medium_public useCats=0', dir: join(fixtures, 'm_medium_public'), options: { useCats: 0 } },
    {
      name: 'm_medium_public maxDets [5, 20, 50], iouThrs [0.3, 0.6]',
      dir: join(fixtures, 'm_medium_public'),
      options: { maxDets: [50, 5, 20], iouThrs: [0.3, 0.6] },
    },
  ];
}

/** Evaluates one case and fingerprints it. */
export function fingerprintCase(c: { name: string; dir: string; options: CocoEvalOptions }): EvalFingerprint {
  const r = evaluateCoco(join(c.dir, 'gt.json'), join(c.dir, 'dt.json'), c.options);
  return {
    name: c.name,
    precision: sha(r.precision),
    recall: sha(r.recall),
    scores: sha(r.scores),
    stats: r.stats,
  };
}
