import { describe, expect, it } from 'vitest';
import { applyOverrides, resolveConfig } from '../../src/config/load-config';

describe('config', () => {
  it('fills defaults', () => {
    const c = resolveConfig({});
    expect(c.model.preset).toBe('aligndet');
    expect(c.solver.momentum).toBe(0.9);
    expect(c.data.builtin.imageSize).toBe(128);
  });
  it('applies key=value overrides with JSON values', () => {
    const c = resolveConfig({ model: { preset: 'fcos' } }, [
      'solver.maxIter=300',
      'solver.steps=[100,200]',
      'run.outDir=runs/x',
    ]);
    expect(c.model.preset).toBe('fcos');
    expect(c.solver.maxIter).toBe(300);
    expect(c.solver.steps).toEqual([100, 200]);
    expect(c.run.outDir).toBe('runs/x');
    expect(applyOverrides({}, ['a.b=1'])).toEqual({ a: { b: 1 } });
  });
  it('throws when a field has a bad value, naming the field and the allowed values', () => {
    expect(() => resolveConfig({ model: { preset: 'yolo' } })).toThrow(
      /model\.preset: must be one of "fcos", "fcos-rfa", "fcos-aps", "aligndet"/,
    );
    expect(() => resolveConfig({}, ['solver.baseLr=-1'])).toThrow(/solver\.baseLr:/);
    expect(() => resolveConfig({ modle: {} })).toThrow(/unknown field\(s\) modle/);
    expect(() => resolveConfig({}, ['nonsense'])).toThrow(/expected key=value/);
  });
});
