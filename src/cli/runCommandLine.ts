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
    const reason = FILE_REASONS[errno.code];
    if (reason && errno.path) return `${errno.path}: ${reason}`;
  }
  if (isDatabaseUnavailable(error)) return `the database cannot be reached (${error instanceof Error ? error.message : String(error)}): check DATABASE_URL and that the server runs`;
  return undefined;
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
