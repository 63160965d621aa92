import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitGaussianMixture1d } from '../src/gmm/gaussian-mixture-1d';
import { gmmSelect } from '../src/gmm/gmm-select';

const vectors = JSON.parse(
  readFileSync(new URL('../../../../shared/spec/testvectors.json', import.meta.url), 'utf8'),
);

describe('GMM selection: the spec’s unit vectors (§7.2, from sklearn 1.9.1)', () => {
  for (const c of vectors.gmm_unit_vectors.cases as Array<{ scores: number[]; selected_indices: number[] }>) {
    it(`${c.scores.length} scores -> [${c.selected_indices}]`, () => {
      expect(gmmSelect(c.scores)).toEqual(c.selected_indices);
    });
  }
});

const sk = JSON.parse(readFileSync(new URL('./fixtures/gmm.json', import.meta.url), 'utf8'));

describe('fitGaussianMixture1d vs scikit-learn GaussianMixture (tools/fixtures/gmm.py; 1e-9 relative)', () => {
  sk.cases.forEach(
    (
      c: {
        scores: number[];
        labels: number[];
        log_density: number[];
        means: number[];
        variances: number[];
        weights: number[];
        n_iter: number;
      },
      i: number,
    ) => {
      it(`pool ${i}: n=${c.scores.length}, labels, parameters, log-density and iterations`, () => {
        const v = Float64Array.from(c.scores, (s) => s * 10);
        const fit = fitGaussianMixture1d(v);
        expect(Array.from(fit.labels)).toEqual(c.labels);
        expect(fit.iterations).toBe(c.n_iter);
        const close = (a: number, b: number) =>
          expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
        fit.means.forEach((m, k) => close(m, c.means[k]!));
        fit.variances.forEach((s, k) => close(s, c.variances[k]!));
        fit.weights.forEach((w, k) => close(w, c.weights[k]!));
        Array.from(fit.logDensity).forEach((d, k) => close(d, c.log_density[k]!));
      });
    },
  );
});

describe('gmmSelect vs the official cut applied to scikit-learn fits (tools/fixtures/gmm.py)', () => {
  sk.cases.forEach((c: { scores: number[]; selected: number[] }, i: number) => {
    it(`pool ${i}: n=${c.scores.length} -> selected [${c.selected}]`, () => {
      expect(gmmSelect(c.scores)).toEqual(c.selected);
    });
  });
});
