/**
 * Thrown when an argument of a public aligndet function has the wrong shape, type or value.
 * The message names the function, the field, what was expected and what was received.
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError({ op: 'deformConv2d', field: 'offset', expected: '[2,8,8,18]', value: [2,8,8,9] });
 * // InvalidArgumentError: deformConv2d: offset: expected [2,8,8,18], got [2,8,8,9]
 * ```
 */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
  readonly op: string;
  readonly field: string;
  readonly expected: string | undefined;
  readonly value: unknown;

  constructor(args: { op: string; field: string; value: unknown; expected?: string; message?: string }) {
    const got = describeValue(args.value);
    const what =
      args.message ??
      (args.expected !== undefined ? `expected ${args.expected}, got ${got}` : `invalid value ${got}`);
    super(`${args.op}: ${args.field}: ${what}`);
    this.op = args.op;
    this.field = args.field;
    this.expected = args.expected;
    this.value = args.value;
  }

  /** True for any `InvalidArgumentError`, also across duplicated package copies. */
  static isInstance(error: unknown): error is InvalidArgumentError {
    return error instanceof Error && error.name === 'InvalidArgumentError';
  }

  toJSON() {
    return {
      name: this.name,
      op: this.op,
      field: this.field,
      expected: this.expected,
      value: describeValue(this.value),
      message: this.message,
    };
  }
}

/** Short printable form of a value for error messages (arrays as `[a,b,c]`). */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => describeValue(v)).join(',')}]`;
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
