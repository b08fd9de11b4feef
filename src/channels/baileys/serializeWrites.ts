/**
 * Runs async jobs one after another, in call order, so that two writes of the same auth state
 * never race (a later save can not be overtaken by an earlier one). A failed job does not stop
 * the ones after it.
 */
export function serializeWrites() {
  let tail: Promise<unknown> = Promise.resolve();
  return function run<T>(job: () => Promise<T>): Promise<T> {
    const next = tail.then(job, job);
    tail = next.catch(() => undefined);
    return next;
  };
}
