import { ConfigError } from '../config/loadConfig';
import { DataDirInUseError } from '../db/embedded/lockDataDir';
import { isDatabaseUnavailable } from '../db/isDatabaseUnavailable';

/** Reasons of the file-system errors a user causes (a wrong path), in words. */
const FILE_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** An error that a user's input or setup causes, in one line; undefined for a bug. */
function describeUserError(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) return error.message;
  if (error instanceof UsageError) return error.message;
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof errno.code === 'string') {
    // node:util parseArgs: an unknown option, or one without its value; its message names it.
    if (errno.code.startsWith('ERR_PARSE_ARGS_')) return error.message;
    const reason = FILE_REASONS[errno.code];
    if (reason && errno.path) return `${errno.path}: ${reason}`;
  }
  if (isDatabaseUnavailable(error)) return `the database cannot be reached (${error instanceof Error ? error.message : String(error)}): check DATABASE_URL and that the server runs`;
  return undefined;
}

/**
 * `error`, naming `path` when it is a file-system error of a user's path that names none: reading
 * a folder opened as a file fails on its descriptor, so the error has no path to report.
 */
export function namingPath(error: unknown, path: string): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof errno.code === 'string' && FILE_REASONS[errno.code] && !errno.path) errno.path = path;
  return error;
}

/** A mistake in the command line or its input, reported as its message alone. */
export class UsageError extends Error {}

/**
 * Runs a command-line tool's main and sets the exit code. A user's mistake (a missing file, a
 * folder in use, a bad setting) prints its message alone and exits 1; anything else is a bug and
 * prints its stack. DEBUG set prints the stack in every case.
 */
export async function runCommandLine(main: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    const message = describeUserError(error);
    if (message && !process.env.DEBUG) console.error(`error: ${message}`);
    else console.error(error);
    process.exitCode = 1;
  }
}
