import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  InvalidArgumentError,
  parseSafetensors,
  type SafetensorsContents,
  serializeSafetensors,
  type TensorToWrite,
} from '@aligndet/core-tensor';

/**
 * Writes `data` to `path` atomically: a temp file in the same folder, fsync, then rename, so a
 * crash leaves either the old file or the complete new one.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(tmp);
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

/** Reads and parses a safetensors file; errors name the file. */
export function readSafetensorsFile(path: string): SafetensorsContents {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InvalidArgumentError({
      op: 'readSafetensorsFile',
      field: 'path',
      value: path,
      message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    });
  }
  try {
    return parseSafetensors(bytes);
  } catch (error) {
    throw new InvalidArgumentError({
      op: 'readSafetensorsFile',
      field: 'path',
      value: path,
      message: `${path}: ${(error as Error).message}`,
    });
  }
}

/** Serialises and writes a safetensors file atomically (temp file + rename). */
export function writeSafetensorsFile(
  path: string,
  tensors: Record<string, TensorToWrite>,
  metadata?: Record<string, string>,
): void {
  writeFileAtomic(path, serializeSafetensors(tensors, metadata));
}
