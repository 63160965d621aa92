import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COCO_FIXTURES } from './fixtures-dir';
import { type EvalFingerprint, fingerprintCase, fingerprintCases } from './fingerprint/fingerprint';

// The fixture was written by test/fingerprint/generate.ts from the evaluator before its speed-ups:
// every precision, recall and score value must stay bit-identical.
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/eval-fingerprint.json', import.meta.url), 'utf8'),
) as { cases: EvalFingerprint[] };
const haveShared = existsSync(COCO_FIXTURES);

describe.skipIf(!haveShared)(
  'bitwise fingerprint of the accumulated arrays (needs ../shared/fixtures/coco-eval)',
  () => {
    const names = [...new Set(fixture.cases.map((c) => c.name.split(' ')[0]!))];
    const cases = haveShared ? fingerprintCases(COCO_FIXTURES, names) : [];
    for (const [i, c] of cases.entries()) {
      it(`${c.name}: precision, recall and scores arrays bit-identical, stats equal`, () => {
        const want = fixture.cases[i]!;
        expect(c.name).toBe(want.name);
        const got = fingerprintCase(c);
        expect(got).toEqual(want);
      });
    }
  },
);
