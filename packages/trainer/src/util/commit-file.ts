import { closeSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '@aligndet/core-tensor/node';

/**
 * Test hook for the kill -9 tests: with `ALIGNDET_TEST_KILL_AT_WRITE=N` the process SIGKILLs
 * itself during its Nth committed file, after writing half of it to a temp file named as
 * `writeFileAtomic` names them, which is what a kill in the middle of a write leaves behind.
 */
const killAt = Number(process.env.ALIGNDET_TEST_KILL_AT_WRITE ?? 0);
let writes = 0;

/**
 * Writes `data` to `path` atomically (temp file, fsync, rename): a crash leaves the old file or the
 * complete new one. Every file of a run folder except the append-only metrics goes through here.
 */
export function commitFile(path: string, data: Uint8Array | string): void {
  writes++;
  if (killAt > 0 && writes === killAt) {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const fd = openSync(join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`), 'w');
    writeSync(fd, bytes, 0, Math.floor(bytes.length / 2));
    closeSync(fd);
    process.kill(process.pid, 'SIGKILL');
  }
  writeFileAtomic(path, data);
}

/** True for the temp files `writeFileAtomic` leaves when a process dies mid-write. */
export function isOrphanTempFile(name: string): boolean {
  return /^\..+\.\d+\.\d+\.tmp$/.test(name);
}
