// Run by test/assigner-pool.test.ts in its own Node process (through tsx: the worker threads load the
// sources, which vitest's module runner cannot hand to them). Prints one JSON line.
import { isDeepStrictEqual } from 'node:util';
import { SpatialAssigner } from '../../src/index';
import { SpatialAssignerPool } from '../../src/node/index';
import { cocoLikeScene } from '../coco-scene';

const inputs = [1, 2, 3, 4, 5].map((s) => cocoLikeScene(s, { numGt: 20, clustered: s % 2 === 0 }));
const options = { scorer: 'fitness', selector: 'topk' } as const;
const want = inputs.map((x) => new SpatialAssigner(options).assign(x));
const pool = new SpatialAssignerPool({ threads: 3, minBatch: 2, assigner: options });
try {
  const got = await pool.assignBatch(inputs);
  const small = await pool.assignBatch(inputs.slice(0, 1));
  console.log(
    JSON.stringify({
      sameBatch: isDeepStrictEqual(got, want),
      sameSmall: isDeepStrictEqual(small, want.slice(0, 1)),
      positives: got.map((a) => a.numPositives),
    }),
  );
} finally {
  await pool.close();
}
