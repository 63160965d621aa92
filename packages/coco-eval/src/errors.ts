/**
 * Bad COCO input: names the file (when there is one), the record (e.g. `annotations[12]`) and the
 * field, with the offending value.
 */
export class CocoEvalError extends Error {
  override readonly name = 'CocoEvalError';
  readonly source: string;
  readonly record: string | undefined;
  readonly field: string;

  constructor(args: { source: string; field: string; message: string; record?: string }) {
    super(`${args.source}${args.record ? ` ${args.record}` : ''}: ${args.field}: ${args.message}`);
    this.source = args.source;
    this.record = args.record;
    this.field = args.field;
  }
}
