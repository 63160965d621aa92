/**
 * A weights file that cannot be used: missing, not safetensors, keys a loader does not know, or
 * a shape that does not fit the model. The message names the file and, when there is one, the key.
 */
export class WeightsError extends Error {
  override readonly name = 'WeightsError';
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.file = file;
  }
}

/** `[a, b, c]` for messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
