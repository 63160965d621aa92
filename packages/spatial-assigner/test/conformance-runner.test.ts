import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const vectorsPath = fileURLToPath(new URL('../../../../shared/spec/testvectors.json', import.meta.url));
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));

describe('tools/conformance/aps.mjs on shared/spec/testvectors.json (official assignment + official losses)', () => {
  it('reproduces case 1: positives, labels and targets exactly; losses to 1e-5 relative', () => {
    const r = spawnSync(process.execPath, ['tools/conformance/aps.mjs', vectorsPath], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const expected = [...vectors.case1.expected_positives].sort((a, b) => a.flat_index - b.flat_index);
    expect(out.case1.positives).toEqual(expected);
    const e = vectors.case1.expected_losses;
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(out.case1.losses.loss_cls, e.loss_cls)).toBeLessThan(1e-5);
    expect(rel(out.case1.losses.loss_reg, e.loss_reg)).toBeLessThan(1e-5);
    expect(rel(out.case1.losses.loss_quality, e['loss_quality(centerness key)'])).toBeLessThan(1e-5);
  });
});
