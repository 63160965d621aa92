import { describe, expect, it } from 'vitest';
import { expLog1p, expLog1pOut } from './exp-log1p-table';

describe('table-driven exp(−u) and log1p(exp(−u))', () => {
  it('within 3 ulps (7e-16 relative) of Math.exp / Math.log1p over 200,000 u in [0, 40], nodes and midpoints included', () => {
    let s = 3;
    const us = [0, 1 / 256, 1 / 128, 0.5, 31.99609375, 32, 39.5];
    for (let i = 0; i < 200_000; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      us.push(Math.fround((s / 2147483648) * 40));
    }
    let worst = 0;
    for (const u of us) {
      expLog1p(u);
      const e = Math.exp(-u);
      const l = Math.log1p(e);
      worst = Math.max(worst, Math.abs(expLog1pOut[0]! - e) / e, Math.abs(expLog1pOut[1]! - l) / l);
    }
    expect(worst).toBeLessThan(7e-16);
  });
  it('NaN and large u take Math.exp', () => {
    expLog1p(Number.NaN);
    expect(Number.isNaN(expLog1pOut[0])).toBe(true);
    expLog1p(800);
    expect(expLog1pOut[0]).toBe(0);
    expect(expLog1pOut[1]).toBe(0);
  });
});
