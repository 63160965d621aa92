/**
 * Browsers have no file paths: `evaluateCoco` and the loaders take the parsed COCO JSON there. The
 * package's `#read-file` import resolves here everywhere but under the `node` condition.
 */
export function readFileBytes(path: string): Uint8Array {
  throw Object.assign(new Error(`file paths need Node; pass the parsed COCO JSON instead of '${path}'`), {
    code: 'ENOTSUP',
  });
}

/** See {@link readFileBytes}: no file paths in a page. */
export function openFileChunks(path: string): {
  size: number;
  read(into: Uint8Array, at: number): number;
  close(): void;
} {
  return readFileBytes(path) as never;
}
