/** The database did not answer in time (it may be slow, or away: the caller probes to tell). */
export class DatabaseTimeout extends Error {}

/** `work`, or a `DatabaseTimeout` after `timeoutMs` milliseconds (the work itself goes on). */
export async function withDatabaseTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeout(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
