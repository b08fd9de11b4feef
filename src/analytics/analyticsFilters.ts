import { z } from 'zod';
import type { SqlParams } from '../db/tenancy/scopedSql';
import { storableDate } from '../time/storableDates';

/** Who and when a program's figures count: a segment, a worker attribute's value, touchpoints reached between two days (UTC, inclusive). */
export const analyticsFilterSchema = z
  .object({
    segmentId: z.uuid().optional(),
    /** A worker attribute, e.g. `site` or `team` (the keys of `workers.attributes`). */
    attribute: z.string().trim().min(1).max(100).regex(/^[\w.-]+$/, 'letters, digits, _ . - only').optional(),
    /** The attribute's value, compared as text. */
    value: z.string().trim().min(1).max(200).optional(),
    from: storableDate.optional(),
    to: storableDate.optional(),
  })
  .refine((f) => (f.attribute === undefined) === (f.value === undefined), { message: 'attribute and value go together', path: ['value'] })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be before from', path: ['to'] });
export type AnalyticsFilters = z.infer<typeof analyticsFilterSchema>;

/** The attribute objects a worker's attributes contain when its value reads as `value`: as a string, and as the number or boolean it spells. */
function attributeCandidates(attribute: string, value: string): [string, string] {
  const asText = JSON.stringify({ [attribute]: value });
  try {
    const parsed: unknown = JSON.parse(value);
    return [asText, typeof parsed === 'number' || typeof parsed === 'boolean' ? JSON.stringify({ [attribute]: parsed }) : asText];
  } catch {
    return [asText, asText];
  }
}

/** SQL conditions (joined with `and`, or `true`) choosing the rows of the filtered workers; `worker` is the column holding the worker id, `reachedAt` the one the dates apply to (none: dates ignored). */
export function filterConditions(filters: AnalyticsFilters, worker: string, reachedAt?: string): { sql: string; params: SqlParams } {
  const conditions: string[] = [];
  const params: SqlParams = {};
  if (filters.segmentId) {
    conditions.push(`exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = ${worker} and ws.segment_id = :segment)`);
    params.segment = filters.segmentId;
  }
  if (filters.attribute && filters.value) {
    // Containment finds the candidates through workers_attributes_index (GIN); the text comparison keeps exactly those whose value reads as asked.
    const [asText, asJson] = attributeCandidates(filters.attribute, filters.value);
    conditions.push(
      `exists (select 1 from workers fw where fw.organization_id = :organization_id and fw.id = ${worker}
                 and (fw.attributes @> :asText::jsonb or fw.attributes @> :asJson::jsonb) and fw.attributes ->> :attribute = :attributeValue)`,
    );
    Object.assign(params, { attribute: filters.attribute, attributeValue: filters.value, asText, asJson });
  }
  if (reachedAt && filters.from) {
    conditions.push(`${reachedAt} >= :from::date`);
    params.from = filters.from;
  }
  if (reachedAt && filters.to) {
    conditions.push(`${reachedAt} < :to::date + 1`);
    params.to = filters.to;
  }
  return { sql: conditions.length ? conditions.join(' and ') : 'true', params };
}
