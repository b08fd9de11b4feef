import { vi } from 'vitest';
import { runCommandLine } from '../../src/cli/runCommandLine';

/**
 * Runs a command's main as its CLI does (`runCommandLine`), without spawning one: answers the exit
 * code and what went to stderr, an Error printed as its stack (so a test can tell a bug's trace
 * from a user's one-line message).
 */
export async function runCliMain(main: () => Promise<number | void>): Promise<{ exitCode: number; stderr: string }> {
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    printed.push(args.map((arg) => (arg instanceof Error ? String(arg.stack) : String(arg))).join(' '));
  });
  const saved = process.exitCode;
  try {
    await runCommandLine(main);
    return { exitCode: Number(process.exitCode), stderr: printed.join('\n') };
  } finally {
    process.exitCode = saved;
    spy.mockRestore();
  }
}
