import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCoco, formatPerClassTable, loadCocoGroundTruth, perClassTable } from '../src/index';
import { COCO_FIXTURES } from './fixtures-dir';

const present = existsSync(COCO_FIXTURES);
const cases = present
  ? readdirSync(COCO_FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  : [];

describe('perClassTable', () => {
  if (!present) it.skip('needs ../shared/fixtures/coco-eval (absent here)', () => {});
  for (const name of cases) {
    it(`${name}: rows equal pycocotools' per-category numbers and a one-category evaluation, worst AP first`, () => {
      const dir = join(COCO_FIXTURES, name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).per_category as Record<
        string,
        Record<string, number>
      >;
      const gt = loadCocoGroundTruth(join(dir, 'gt.json'));
      const dt = JSON.parse(readFileSync(join(dir, 'dt.json'), 'utf8'));
      const rows = perClassTable(evaluateCoco(gt, dt), gt.categoryNames);
      expect(rows.map((r) => String(r.categoryId)).sort()).toEqual(Object.keys(expected).sort());
      for (const r of rows) {
        const e = expected[String(r.categoryId)]!;
        expect(r.name).toBe(gt.categoryNames.get(r.categoryId) ?? String(r.categoryId));
        for (const k of ['ap', 'ap50', 'ap75', 'ar100'] as const)
          expect(Math.abs(r[k] - e[k]!), `${name} cat ${r.categoryId} ${k}`).toBeLessThanOrEqual(1e-9);
        // the same class evaluated alone: its summary AP / AP50 / AP75 / AR100 are the row's numbers
        const alone = evaluateCoco(gt, dt, { catIds: [r.categoryId] }).stats;
        expect([alone[0], alone[1], alone[2], alone[8]]).toEqual([r.ap, r.ap50, r.ap75, r.ar100]);
      }
      const withGt = rows.filter((r) => r.ap >= 0).map((r) => r.ap);
      expect(withGt).toEqual([...withGt].sort((a, b) => a - b));
      expect(rows.slice(withGt.length).every((r) => r.ap < 0)).toBe(true);
    });
  }
});

describe('formatPerClassTable', () => {
  it('aligns names (CJK counted as two columns) and prints - for classes without GT', () => {
    const text = formatPerClassTable([
      { categoryId: 7, name: 'café 自行车', ap: 0.1234, ap50: 0.5, ap75: 0.0625, ar100: 1 },
      { categoryId: 12, name: 'Traffic Light (L)/#2', ap: -1, ap50: -1, ap75: -1, ar100: -1 },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^class\s+id\s+AP\s+AP50\s+AP75\s+AR100$/);
    expect(lines[1]).toBe('café 自行车            7  0.123  0.500  0.062  1.000');
    expect(lines[2]).toBe('Traffic Light (L)/#2  12      -      -      -      -');
  });
});
