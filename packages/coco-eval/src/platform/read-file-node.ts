import { readFileSync } from 'node:fs';

/** Reads a file's bytes (Node). */
export function readFileBytes(path: string): Uint8Array {
  return readFileSync(path);
}
