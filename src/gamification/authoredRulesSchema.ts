import { gamificationRulesSchema } from './rulesSchema';

/** Most points a streak kept earns, as a points rule's event: the ledger and balances are integer columns. */
export const MOST_KEPT_POINTS = 10_000;
/** The daily cap is compared as a PostgreSQL integer. */
export const LARGEST_DAILY_CAP = 2_147_483_647;

/**
 * A rules file as written: the rules schema, refusing besides what the ledger could not record.
 * Checked when a file is stored or backtested only: stored versions are read with
 * `gamificationRulesSchema`, so none that loaded before stops loading (clampStoredRules bounds them).
 */
export const authoredRulesSchema = gamificationRulesSchema.superRefine((rules, ctx) => {
  const bounds = [
    { path: ['streak', 'keptPoints'], value: rules.streak.keptPoints, maximum: MOST_KEPT_POINTS },
    { path: ['dailyCap'], value: rules.dailyCap, maximum: LARGEST_DAILY_CAP },
  ];
  for (const { path, value, maximum } of bounds) {
    if (value !== undefined && value > maximum) ctx.addIssue({ code: 'too_big', origin: 'number', maximum, inclusive: true, input: value, path, message: `is too big (maximum ${maximum})` });
  }
});
