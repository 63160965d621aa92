import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SpatialAssignerPool } from '../src/node/index';

describe('SpatialAssignerPool (APS over worker threads)', () => {
  it('a batch of 5 over 3 threads (and one below minBatch) gives the assignments of SpatialAssigner, in order', () => {
    const script = fileURLToPath(new URL('./pool/check-pool.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out.sameBatch).toBe(true);
    expect(out.sameSmall).toBe(true);
    expect(out.positives).toHaveLength(5);
  }, 120_000);
  it('refuses options a worker cannot receive, and a bad thread count', () => {
    expect(() => new SpatialAssignerPool({ assigner: { scorer: () => new Float64Array(0) } })).toThrow(
      'SpatialAssignerPool: assigner.scorer',
    );
    expect(() => new SpatialAssignerPool({ threads: 0 })).toThrow('SpatialAssignerPool: threads');
  });
});
