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
    expect(() => resolveConfig({ modle: {} })).toThrow(/modle: unknown field; did you mean model\?/);
    expect(() => resolveConfig({}, ['nonsense'])).toThrow(/expected key=value/);
  });
  it('is strict at every level and suggests the field meant', () => {
    expect(() => resolveConfig({}, ['solver.maxiter=10'])).toThrow(
      'solver.maxiter: unknown field; did you mean solver.maxIter?',
    );
    expect(() => resolveConfig({}, ['model.foo=1'])).toThrow(
      /model\.foo: unknown field \(fields of model: preset, /,
    );
    expect(() => resolveConfig({}, ['data.builtin.numtrain=3'])).toThrow(
      /did you mean data\.builtin\.numTrain\?/,
    );
    expect(() => resolveConfig({ data: { train: { annotations: 'a.json', image: 'x' } } })).toThrow(
      /data\.train\.image: unknown field; did you mean data\.train\.images\?/,
    );
    // several problems: all on one line
    let message = '';
    try {
      resolveConfig({}, ['solver.maxiter=10', 'run.logPeriod=0']);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('\n');
    expect(message).toMatch(/solver\.maxiter.*; run\.logPeriod: .*got 0/);
  });
  it('parses override values by the field type', () => {
    const c = resolveConfig({}, ['run.outDir=123', 'solver.steps=1000,1300', 'model.backbone=resnet18']);
    expect(c.run.outDir).toBe('123');
    expect(c.solver.steps).toEqual([1000, 1300]);
    expect(() => resolveConfig({}, ['solver.maxIter=abc'])).toThrow(/solver\.maxIter: .*got "abc"/);
  });
});
