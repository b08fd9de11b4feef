import { z } from '@hono/zod-openapi';
import { LRUCache } from 'lru-cache';
import { holdsReservedAttributeName, RESERVED_ATTRIBUTE_NAME, reservedAttributeMessage } from './reservedAttributeName';

// Bounded: the names come from requests and CSV rows, and a wrong one is remembered too.
const timezoneCache = new LRUCache<string, boolean>({ max: 1_000 });

/**
 * Area/Location names ICU takes that PostgreSQL's IANA database does not (its `at time zone`
 * refuses them, so every message of a worker with one would be set aside): the SystemV zones and
 * two links tzdata has dropped.
 */
const unknownToPostgres = /^(?:systemv\/.*|us\/pacific-new|canada\/east-saskatchewan)$/i;

/**
 * Whether the runtime and PostgreSQL both know this timezone as the same zone (cached: imports
 * check thousands of rows). A name without a slash is taken only when it means UTC: PostgreSQL
 * reads an abbreviation before a zone name, as a fixed offset (PST is always -08, CET always +01)
 * where ICU reads a zone with summer time (America/Los_Angeles, Europe/Brussels), and ICU knows
 * Java's old ids (CAT, IST) that PostgreSQL does not, or reads as another zone.
 */
export function isKnownTimezone(timezone: string): boolean {
  let known = timezoneCache.get(timezone);
  if (known === undefined) {
    try {
      const zone = new Intl.DateTimeFormat('en', { timeZone: timezone }).resolvedOptions().timeZone;
      known = timezone.includes('/') ? !unknownToPostgres.test(timezone) : zone === 'UTC';
    } catch {
      known = false;
    }
    timezoneCache.set(timezone, known);
  }
  return known;
}

/** A phone as people type it, reduced to E.164 (spaces, dashes, dots and brackets dropped). */
export const phoneNumberField = z
  .string()
  .transform((value) => value.replace(/[\s\-().]/g, ''))
  .pipe(z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 phone number such as +254700000001'))
  .openapi({ example: '+254700000001', description: 'E.164 (spaces, dashes, dots and brackets are dropped first)' });

export const languageField = z
  .string()
  .max(20) // what workers.language keeps
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language code such as en or es-MX')
  .openapi({ example: 'en' });

export const timezoneField = z
  .string()
  .refine(isKnownTimezone, 'must be an IANA timezone name such as America/Los_Angeles or UTC (not an abbreviation such as PST, which PostgreSQL reads as a fixed offset)')
  .openapi({ example: 'Africa/Nairobi' });

const attributesRecord = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'attribute names are 1–64 letters, digits, _ . or -'), z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]))
  .refine((attributes) => Object.keys(attributes).length <= 50, 'at most 50 attributes');

/** Worker attributes; `__proto__` is refused on the raw object, since the record schema would drop it unseen. */
export const attributesField = z
  .preprocess((raw, ctx) => {
    if (holdsReservedAttributeName(raw)) ctx.addIssue({ code: 'custom', path: [RESERVED_ATTRIBUTE_NAME], message: reservedAttributeMessage, input: raw });
    return raw;
  }, attributesRecord)
  .openapi({ example: { site: 'Nairobi', shift: 'night', tenureYears: 3 } });

/** A worker as created through the API or imported (one row). */
export const WorkerInput = z.strictObject({
  fullName: z.string().trim().min(1, 'a name is required').max(255),
  phoneNumber: phoneNumberField,
  language: languageField.nullable().optional(),
  timezone: timezoneField.nullable().optional(),
  attributes: attributesField.optional(),
});
export type WorkerInputData = z.infer<typeof WorkerInput>;

/** A change to a worker: every field optional; status only to `left` or back to `active` (never out of an opt-out). */
export const WorkerPatch = WorkerInput.partial().extend({
  status: z.enum(['active', 'left']).optional().openapi({ description: 'left: the worker has left the company and receives nothing more' }),
});
export type WorkerPatchData = z.infer<typeof WorkerPatch>;

export const WorkerSchema = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    phoneNumber: z.string().nullable(),
    language: z.string().nullable(),
    timezone: z.string().nullable(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    status: z.enum(['active', 'opted_out', 'left']),
    optedOutAt: z.string().nullable().openapi({ description: 'When the worker sent STOP; only they can opt back in (START)' }),
    wellBeingScore: z.number().nullable(),
    performanceMetric: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Worker');
export type WorkerView = z.infer<typeof WorkerSchema>;
