// model.head / model.assigner / model.rfa / model.dflBins: every bad combination is one line on
// stderr naming the field and the value, exit 1, before anything is built.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load-config';
import { cliErrorLine } from '../helpers/cli-error-line';

const oneLine = (args: string[]) => cliErrorLine(args);

describe('head and assigner config keys', () => {
  it('defaults: the FCOS head, the preset decides the assigner, 16 DFL bins', () => {
    const c = resolveConfig({});
    expect(c.model).toMatchObject({ head: 'fcos', assigner: 'preset', rfa: 'official', dflBins: 16 });
    expect(resolveConfig({}, ['model.head=yolo-style', 'model.rfa=none']).model.rfa).toBe('none');
  });

  it.each([
    [['model.head=yolo'], ['model.head: must be one of "fcos", "yolo-style"', 'got "yolo"']],
    [['model.assigner=atss'], ['model.assigner: must be one of', 'got "atss"']],
    [['model.assigner=tal'], ['model.assigner: the fcos head takes preset, fcos-rule, aps', 'got "tal"']],
    [
      ['model.head=yolo-style', 'model.preset=fcos-aps'],
      ['model.preset: applies to model.head=fcos only', 'got "fcos-aps"'],
    ],
    [
      ['model.head=yolo-style', 'model.dflBins=1'],
      ['model.dflBins: must be 0 or at least 2', 'got 1'],
    ],
    [['model.rfa=dcn'], ['model.rfa: must be one of "paper", "official", "none"', 'got "dcn"']],
  ])('train %j: one line naming the field and the value', async (overrides, parts) => {
    const line = await oneLine(['train', ...overrides]);
    for (const p of parts) expect(line).toContain(p);
  });
});
