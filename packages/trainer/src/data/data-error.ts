/**
 * Bad data: a missing or corrupt image, a degenerate or out-of-image box, an unknown category,
 * malformed JSON. The message names the file and, when there is one, the record and field.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly file: string;
  readonly record: string | undefined;
  readonly field: string;

  constructor(args: { file: string; field: string; message: string; record?: string }) {
    super(`${args.file}${args.record ? ` ${args.record}` : ''}: ${args.field}: ${args.message}`);
    this.file = args.file;
    this.record = args.record;
    this.field = args.field;
  }
}
