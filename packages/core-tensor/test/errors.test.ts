import { describe, expect, it } from 'vitest';
import { assertShape, InvalidArgumentError } from '@aligndet/core-tensor';

describe('InvalidArgumentError', () => {
  it('names the op, the field, the expected and the actual value', () => {
    const e = new InvalidArgumentError({
      op: 'deformConv2d',
      field: 'offset',
      expected: 'shape [2,8,8,18]',
      value: [2, 8, 8, 9],
    });
    expect(e.message).toBe('deformConv2d: offset: expected shape [2,8,8,18], got [2,8,8,9]');
    expect(InvalidArgumentError.isInstance(e)).toBe(true);
    expect(e.toJSON()).toMatchObject({ op: 'deformConv2d', field: 'offset', value: '[2,8,8,9]' });
  });
  it('assertShape accepts wildcards and throws when a dimension differs', () => {
    expect(() => assertShape('op', 'x', [1, 2, 3], [null, 2, null])).not.toThrow();
    expect(() => assertShape('op', 'x', [1, 2, 3], [null, 4, null])).toThrow(
      'op: x: expected shape [*,4,*], got [1,2,3]',
    );
    expect(() => assertShape('op', 'x', [1, 2], [null, 2, null])).toThrow(/got \[1,2\]/);
  });
});
