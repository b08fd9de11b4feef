import type { EntityManager } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { Enroll } from '../../api/routes/programRoutes';
import { toE164 } from '../../channels/toE164';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { FieldError } from '../layout/FormField';

/** Which of the enrollment forms was posted. */
export type EnrollChoice = 'worker' | 'segment' | 'csv' | 'targets';
export type EnrollFormReading = { ok: true; body: z.input<typeof Enroll>; choice: EnrollChoice } | { ok: false; error: FieldError };

/** At most this many CSV lines named in a refusal. */
const namedLines = 5;
const phoneColumns = new Set(['phonenumber', 'phone', 'worker', 'number']);

/** The workers of the organization with these E.164 numbers (the simulator's test workers left out). */
async function workersByPhone(em: EntityManager, phones: string[]): Promise<Map<string, string>> {
  const rows = await scopedSql<{ id: string; phone_number: string }>(
    em,
    `select id, phone_number from workers where organization_id = :organization_id and not simulated
        and phone_number in (select jsonb_array_elements_text(:phones::jsonb))`,
    { phones: JSON.stringify(phones) },
  );
  return new Map(rows.map((row) => [row.phone_number, row.id]));
}

/** The phone numbers of a CSV (a header row with a phone_number or phone column; or one number per line), with their lines. */
function readPhoneCsv(text: string): { line: number; cell: string }[] | FieldError {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    return { field: 'csv', message: `csv: this file cannot be read as CSV (${(error as Error).message})` };
  }
  if (records.length === 0) return { field: 'csv', message: 'csv: the file is empty: one phone number per line, or a phone_number column' };
  const header = records[0].record.map((name) => name.toLowerCase().replace(/[\s_-]/g, ''));
  const column = header.findIndex((name) => phoneColumns.has(name));
  const rows = column >= 0 ? records.slice(1) : records;
  return rows.map(({ record, info }) => ({ line: info.lines, cell: record[Math.max(column, 0)] ?? '' }));
}

/**
 * Turns one of the program page's enrollment forms into the API's enrollment body: one worker by
 * phone number, a segment, a CSV of phone numbers (every number must be a worker of the
 * organization: the refusal names the lines), or the program's own target segments.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function readEnrollForm(em: EntityManager, body: Record<string, unknown>): Promise<EnrollFormReading> {
  const choice = body.choice;
  if (choice === 'targets') return { ok: true, choice, body: { useProgramSegments: true } };
  if (choice === 'segment') {
    const segmentId = typeof body.segmentId === 'string' ? body.segmentId : '';
    if (segmentId === '') return { ok: false, error: { field: 'segmentId', message: 'segmentId: choose a segment' } };
    return { ok: true, choice, body: { useProgramSegments: false, segmentIds: [segmentId] } };
  }
  if (choice === 'worker') {
    const phone = toE164(typeof body.phoneNumber === 'string' ? body.phoneNumber : '');
    if (!phone) return { ok: false, error: { field: 'phoneNumber', message: 'phoneNumber: give the worker\'s phone number in E.164, e.g. +15550001234' } };
    const id = (await workersByPhone(em, [phone])).get(phone);
    if (!id) return { ok: false, error: { field: 'phoneNumber', message: `phoneNumber: no worker of your organization has the number ${phone}` } };
    return { ok: true, choice, body: { useProgramSegments: false, workerIds: [id] } };
  }
  if (choice === 'csv') {
    const file = body.csv;
    if (!(file instanceof File) || file.size === 0) return { ok: false, error: { field: 'csv', message: 'csv: choose a CSV file of phone numbers' } };
    const cells = readPhoneCsv(await file.text());
    if (!Array.isArray(cells)) return { ok: false, error: cells };
    const phones = cells.map(({ line, cell }) => ({ line, cell, phone: toE164(cell) }));
    const found = await workersByPhone(em, [...new Set(phones.flatMap((p) => (p.phone ? [p.phone] : [])))]);
    const wrong = phones.filter((p) => !p.phone || !found.has(p.phone));
    if (wrong.length > 0) {
      const named = wrong.slice(0, namedLines).map((p) => `line ${p.line}: ${p.phone ? `no worker has the number ${p.phone}` : `'${p.cell}' is not a phone number`}`);
      const more = wrong.length > namedLines ? ` (and ${wrong.length - namedLines} more)` : '';
      return { ok: false, error: { field: 'csv', message: `csv: nobody was enrolled: ${named.join('; ')}${more}` } };
    }
    if (phones.length === 0) return { ok: false, error: { field: 'csv', message: 'csv: the file names no phone number' } };
    return { ok: true, choice, body: { useProgramSegments: false, workerIds: [...new Set(phones.map((p) => found.get(p.phone as string) as string))] } };
  }
  return { ok: false, error: { field: 'choice', message: 'Choose how to enroll: one worker, a segment, a CSV file or the target segments' } };
}
