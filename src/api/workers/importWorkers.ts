import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { refreshSegmentMembership } from '../../segments/refreshSegmentMembership';
import { checkTierLimit, type TierRefusal } from '../../limits/tierLimits';
import type { ImportRow } from './parseWorkerCsv';
import { WorkerInput, type WorkerInputData } from './workerInput';

export interface ImportError {
  /** CSV: the file line (header is 1); JSON: the position in `workers` (1-based). */
  line: number;
  /** The field at fault, e.g. phoneNumber or attributes.site. */
  field: string;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  failed: number;
  errors: ImportError[];
}

/** Rows written per statement (and per transaction). */
const CHUNK_ROWS = 2_000;
/** The most rows one import request may carry. */
export const MAX_IMPORT_ROWS = 50_000;

/**
 * Validates every row (E.164 phone, language, timezone, attributes; a phone twice in the file is
 * an error on its later line), then writes the good rows, a chunk per set-based upsert keyed on
 * the phone: a known phone updates that worker (name, and language, timezone and attributes
 * given; nothing is cleared; status is kept, so an opt-out stays), a new one creates a worker.
 * Bad rows are reported, not written. Finally the written workers' segments are refreshed.
 */
export async function importWorkers(em: EntityManager, rows: ImportRow[], at: number): Promise<ImportResult | TierRefusal> {
  const errors: ImportError[] = [];
  const good: WorkerInputData[] = [];
  const firstLineOfPhone = new Map<string, number>();
  for (const { line, record } of rows) {
    const parsed = WorkerInput.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ line, field: issue.path.map(String).join('.') || 'row', message: issue.message });
      continue;
    }
    const earlier = firstLineOfPhone.get(parsed.data.phoneNumber);
    if (earlier !== undefined) {
      errors.push({ line, field: 'phoneNumber', message: `the same phone as line ${earlier}: a worker appears once per import` });
      continue;
    }
    firstLineOfPhone.set(parsed.data.phoneNumber, line);
    good.push(parsed.data);
  }

  const [{ n: fresh }] = await scopedSql<{ n: number }>(
    em,
    `select count(*)::int as n from jsonb_array_elements_text(:phones::jsonb) p
      where not exists (select 1 from workers w where w.organization_id = :organization_id and w.phone_number = p)`,
    { phones: JSON.stringify(good.map((row) => row.phoneNumber)) },
  );
  const refusal = await checkTierLimit(em, 'workers', fresh, at);
  if (refusal) return refusal;

  let created = 0;
  let updated = 0;
  const written: string[] = [];
  for (let start = 0; start < good.length; start += CHUNK_ROWS) {
    const chunk = good.slice(start, start + CHUNK_ROWS);
    const result = await em.transactional((tx) =>
      scopedSql<{ id: string; inserted: boolean }>(
        tx,
        `insert into workers (organization_id, full_name, phone_number, language, timezone, attributes)
         select :organization_id, x->>'fullName', x->>'phoneNumber', x->>'language', x->>'timezone', coalesce(x->'attributes', '{}'::jsonb)
           from jsonb_array_elements(:rows::jsonb) x
         on conflict (organization_id, phone_number) do update set
           full_name = excluded.full_name,
           language = coalesce(excluded.language, workers.language),
           timezone = coalesce(excluded.timezone, workers.timezone),
           attributes = workers.attributes || excluded.attributes,
           updated_at = now()
         returning id, (xmax = 0) as inserted`,
        { rows: JSON.stringify(chunk) },
      ),
    );
    for (const row of result) {
      written.push(row.id);
      if (row.inserted) created++;
      else updated++;
    }
  }
  if (written.length > 0) await em.transactional((tx) => refreshSegmentMembership(tx, { workerIds: written }));
  errors.sort((a, b) => a.line - b.line);
  return { created, updated, failed: new Set(errors.map((e) => e.line)).size, errors };
}
