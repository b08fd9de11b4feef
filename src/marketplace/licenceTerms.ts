import { z } from 'zod';

/**
 * What a listing offers: free (granted at once), per seat (a number of workers) or time-limited
 * (days from the grant); `allowFork` lets the client install an editable copy.
 */
export const licenceTermsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('free'), allowFork: z.boolean().default(false) }),
  z.strictObject({ kind: z.literal('seats'), seats: z.int().min(1).max(1_000_000), allowFork: z.boolean().default(false) }),
  z.strictObject({ kind: z.literal('time'), days: z.int().min(1).max(3650), allowFork: z.boolean().default(false) }),
]);
export type LicenceTerms = z.infer<typeof licenceTermsSchema>;

/** A refusal the routes answer with its status; `field` names the input at fault. */
export interface MarketRefusal {
  status: 400 | 403 | 404 | 409 | 422;
  code: string;
  message: string;
  field?: string;
}

/** Whether a result is a refusal. */
export function isRefusal<T extends object>(result: T | MarketRefusal): result is MarketRefusal {
  return 'code' in result && 'status' in result && 'message' in result;
}
