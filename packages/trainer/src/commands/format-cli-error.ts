const FS_REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'a part of the path is a file, expected a folder',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
};

/**
 * The one line the CLI prints for an error: errors of aligndet (config, data, checkpoints,
 * non-finite loss, backend) as their message; file-system errors as the path, the operation and
 * the reason (`runs/x/model_0000500.safetensors: cannot write: ENOSPC (no space left on device)`);
 * anything else as its name and message, with a hint to `--verbose`, which adds the stack trace.
 */
export function formatCliError(error: unknown, verbose: boolean): string {
  const e = error as NodeJS.ErrnoException;
  let line: string;
  if (e && typeof e.code === 'string' && typeof e.syscall === 'string') {
    const op =
      {
        open: 'open',
        write: 'write',
        rename: 'rename',
        mkdir: 'create folder',
        scandir: 'list',
        unlink: 'delete',
        read: 'read',
        fsync: 'write',
      }[e.syscall] ?? e.syscall;
    line = `${e.path ?? (e as { dest?: string }).dest ?? '(file)'}: cannot ${op}: ${e.code}${FS_REASONS[e.code] ? ` (${FS_REASONS[e.code]})` : ''}`;
  } else if (error instanceof Error) {
    const known = [
      'ConfigError',
      'DataError',
      'NonFiniteLossError',
      'BackendUnavailableError',
      'CocoEvalError',
      'InvalidArgumentError',
      'StateDictError',
      'SafetensorsError',
      'WeightsError',
    ];
    line =
      known.includes(error.name) || error.name === 'Error'
        ? error.message
        : `${error.name}: ${error.message}${verbose ? '' : ' (--verbose prints the stack trace)'}`;
  } else line = String(error);
  const one = `aligndet: ${line.replace(/\s*\n\s*/g, '; ')}`;
  return verbose && error instanceof Error && error.stack ? `${one}\n${error.stack}` : one;
}
