/** A month partition of `messages`: `messages_pYYYY_MM`, holding `created_at` in [from, to) (UTC). */
export interface MonthPartition {
  name: string;
  from: Date;
  to: Date;
}

const partitionName = /^messages_p(\d{4})_(\d{2})$/;

/** The partition a month's name stands for, or undefined for any other name (the default partition). */
export function monthPartition(name: string): MonthPartition | undefined {
  const match = partitionName.exec(name);
  if (!match) return undefined;
  const [year, month] = [Number(match[1]), Number(match[2]) - 1];
  return { name, from: new Date(Date.UTC(year, month, 1)), to: new Date(Date.UTC(year, month + 1, 1)) };
}

/** The name of the partition of a month given by its first day, `2026-07-01` → `messages_p2026_07`. */
export function partitionNameOf(month: string): string {
  return `messages_p${month.slice(0, 4)}_${month.slice(5, 7)}`;
}

/** First days (`YYYY-MM-01`, UTC) of the month of `now` and of the `ahead` months after it. */
export function monthsFrom(now: Date, ahead: number): string[] {
  return Array.from({ length: ahead + 1 }, (_, index) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + index, 1)).toISOString().slice(0, 10));
}
