import { describe, expect, it } from 'vitest';
import { fitnessScorer, misalignment, officialScorer } from './scorers';
import { topKSelector } from './selectors';

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-7);

describe('official scorer (spec §3.5.4, values of §7.1)', () => {
  it('pool of 4, two levels: u = √(Sm·(Lcls+Lreg)) = 0.6632248, 0.6632248, 1.0116729, 0.8366600', () => {
    const u = officialScorer({
      lcls: Float64Array.of(0.5, 0.3, 1.2, 0.7),
      lreg: Float64Array.of(0.3, 0.5, 0.2, 0.7),
      singleLevel: false,
    });
    [0.6632248, 0.6632248, 1.0116729, 0.83666].forEach((e, i) => close(u[i]!, e));
    close(misalignment(0.5, 0.3), 0.549834);
    close(misalignment(1.2, 0.2), 0.7310586);
  });

  it('single level: the raw cost Lcls + Lreg', () => {
    const u = officialScorer({
      lcls: Float64Array.of(0.5, 1.2),
      lreg: Float64Array.of(0.3, 0.2),
      singleLevel: true,
    });
    close(u[0]!, 0.8);
    close(u[1]!, 1.4);
  });
});

describe('fitness scorer (our reading, D3): u = √(Sm · −log(softmax(−Lcls)·softmax(−Lreg)))', () => {
  it('pool of 2, Lcls = (0, ln 3), Lreg = (ln 3, 0): Sf = 0.1875 each, Sm = 0.75, u = 1.1204831', () => {
    const u = fitnessScorer({
      lcls: Float64Array.of(0, Math.log(3)),
      lreg: Float64Array.of(Math.log(3), 0),
      singleLevel: false,
    });
    close(u[0]!, 1.1204831);
    close(u[1]!, 1.1204831);
  });

  it('pool of 2 with equal costs 0.7: Sf = 1/4, Sm = 0.5, u = √(0.5·ln 4) = 0.8325546', () => {
    const u = fitnessScorer({
      lcls: Float64Array.of(0.7, 0.7),
      lreg: Float64Array.of(0.7, 0.7),
      singleLevel: false,
    });
    close(u[0]!, 0.8325546);
  });

  it('a single-entry pool scores 0', () => {
    const u = fitnessScorer({ lcls: Float64Array.of(3), lreg: Float64Array.of(1), singleLevel: true });
    expect(Math.abs(u[0]!)).toBe(0);
  });
});

describe('top-k selector', () => {
  it('k=2 of scores (3, 1, 1, 0): the lowest two, ties by pool index, returned ascending -> [1, 3]', () => {
    expect(topKSelector(2)(Float64Array.of(3, 1, 1, 0))).toEqual([1, 3]);
    expect(topKSelector(3)(Float64Array.of(3, 1, 1, 0))).toEqual([1, 2, 3]);
    expect(topKSelector(9)(Float64Array.of(2, 1))).toEqual([0, 1]);
  });
});
