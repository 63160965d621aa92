import { insideBoxCandidates } from '@aligndet/core-tensor';
import { describe, expect, it } from 'vitest';
import { randomScene } from '../../test/scene';
import { candidateListsFromMask, insideBoxLists } from './candidate-lists';

const viaMask = (input: ReturnType<typeof randomScene>) =>
  candidateListsFromMask(insideBoxCandidates(input), input.gtLabels.length, input.strides.length);

describe('candidate lists', () => {
  it('from a [G, P] mask: G=2 P=3', () => {
    const l = candidateListsFromMask(Uint8Array.of(1, 0, 1, 0, 1, 1), 2, 3);
    expect(Array.from(l.start)).toEqual([0, 2, 4]);
    expect(Array.from(l.points)).toEqual([0, 2, 1, 2]);
  });

  it.each([1, 2, 3, 4])('grid path equals insideBoxCandidates on random scene %i (40 GT)', (seed) => {
    const input = randomScene(seed, { numGt: 40, size: 200 });
    expect(insideBoxLists(input)).toEqual(viaMask(input));
  });

  it('boxes whose edges pass through grid points exclude them (strictly inside)', () => {
    const input = {
      ...randomScene(1, { numGt: 0 }),
      gtBoxes: Float32Array.of(4, 4, 20, 20, 0, 0, 12, 36.5),
      gtLabels: Int32Array.of(0, 1),
    };
    const l = insideBoxLists(input);
    expect(l).toEqual(viaMask(input));
    // strictly inside [4, 4, 20, 20]: (12, 12) at stride 8, (8, 8) at 16, (16, 16) at 32; not 4 or 20
    expect(Array.from(l.points.subarray(0, l.start[1]))).toHaveLength(3);
  });

  it('points that are not a row-major grid (shuffled) take the per-point path, same lists', () => {
    const input = randomScene(5, { numGt: 30, size: 160 });
    const P = input.strides.length;
    const perm = Array.from({ length: P }, (_, i) => (i * 7919) % P); // 7919 is prime, P is not a multiple
    const shuffled = {
      ...input,
      points: Float32Array.from(perm.flatMap((p) => [input.points[2 * p]!, input.points[2 * p + 1]!])),
      strides: Float32Array.from(perm.map((p) => input.strides[p]!)),
      levels: Int32Array.from(perm.map((p) => input.levels[p]!)),
    };
    expect(new Set(perm).size).toBe(P);
    expect(insideBoxLists(shuffled)).toEqual(viaMask(shuffled));
  });
});
