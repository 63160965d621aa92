import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SpatialAssigner } from '../src/index';
import { type AssignmentFingerprint, fingerprint, fingerprintCases } from './fingerprint/fingerprint';

// The fixture was written by test/fingerprint/generate.ts from the assigner before its speed-ups, so a
// faster implementation that changes any decision, target or score fails here.
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/assignment-fingerprint.json', import.meta.url), 'utf8'),
) as { cases: Array<AssignmentFingerprint & { name: string }> };

describe('assignment fingerprint of large COCO-like scenes (800×1344, up to 100 GT, 80 classes)', () => {
  const cases = fingerprintCases();
  it('covers the fixture cases', () => {
    expect(cases.map((c) => c.name)).toEqual(fixture.cases.map((c) => c.name));
  });
  for (const [i, { name, input, options }] of cases.entries()) {
    it(`${name}: identical assignment and decisions, scores and level means to 1e-12 relative`, () => {
      const { assignment, trace } = new SpatialAssigner(options).assignWithTrace(input);
      const got = fingerprint(assignment, trace);
      const want = fixture.cases[i]!;
      expect(got.numPositives).toBe(want.numPositives);
      expect(got.assignment).toBe(want.assignment);
      expect(got.decisions).toBe(want.decisions);
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
      expect(got.scoreSums).toHaveLength(want.scoreSums.length);
      got.scoreSums.forEach((v, g) => expect(rel(v, want.scoreSums[g]!)).toBeLessThanOrEqual(1e-12));
      got.meanSums.forEach((v, g) => expect(rel(v, want.meanSums[g]!)).toBeLessThanOrEqual(1e-12));
    });
  }
});
