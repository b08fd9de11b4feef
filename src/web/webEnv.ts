import type { Staff } from './auth/staffSessions';

/** Hono environment of the console routes: the signed-in staff member, once checked. */
export type WebEnv = { Variables: { staff: Staff } };

/** The console's URL prefix (the operator routes own `/console`). */
export const base = '/coach';
