/** The SQL condition on messages (aliased `m`) that `createdAtBounds` binds. */
export const createdAtWithinBounds = 'm.created_at >= :createdFrom::timestamptz and m.created_at < :createdTo::timestamptz';

/**
 * Bounds on these rows' created_at, which reach JS at millisecond precision (the column keeps
 * microseconds): an update of messages by id alone probes every month partition's index, one
 * bounded by these is pruned to the months the rows are in.
 */
export function createdAtBounds(createdAts: ReadonlyArray<Date | string>): { createdFrom: Date; createdTo: Date } {
  const times = createdAts.map((at) => new Date(at).getTime());
  return { createdFrom: new Date(Math.min(...times)), createdTo: new Date(Math.max(...times) + 1) };
}
