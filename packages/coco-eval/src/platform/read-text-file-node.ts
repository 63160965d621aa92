import { readFileSync } from 'node:fs';

/** Reads a UTF-8 text file (Node). */
export function readTextFile(path: string): string {
  return readFileSync(path, 'utf8');
}
