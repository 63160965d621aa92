import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/** Reads a file's bytes (Node). */
export function readFileBytes(path: string): Uint8Array {
  return readFileSync(path);
}

/** Opens a file for sequential reads into a caller's buffer (Node); `close` when done. */
export function openFileChunks(path: string): {
  size: number;
  read(into: Uint8Array, at: number): number;
  close(): void;
} {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return {
    size,
    read: (into, at) => readSync(fd, into, at, into.length - at, null),
    close: () => closeSync(fd),
  };
}
