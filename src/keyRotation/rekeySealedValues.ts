import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';
import type { SecretBox } from '../secrets/secretBox';
import { sealedColumns, type SealedColumn } from './sealedColumns';

/** What one column's pass did. */
export interface RekeyCount {
  table: string;
  column: string;
  /** Values re-sealed with the active key. */
  resealed: number;
  /** Values changed by someone else meanwhile (left as they are: run rekey again). */
  skipped: number;
}

/** Options of `rekeySealedValues`. */
export interface RekeyOptions {
  /** Rows per transaction. Default 500. */
  batchSize?: number;
  /** Called after each batch (progress output). */
  onBatch?: (count: RekeyCount) => void;
}

type Row = Record<string, string> & { sealed: string };

async function rekeyColumn(em: EntityManager, secretBox: SecretBox, target: SealedColumn, options: RekeyOptions): Promise<RekeyCount> {
  const count: RekeyCount = { table: target.table, column: target.column, resealed: 0, skipped: 0 };
  const keyList = target.key.join(', ');
  const cast = (column: string) => `${column}::text`;
  let after: Row | undefined;
  for (;;) {
    const params: Record<string, string | number> = { active: secretBox.activeKeyId, limit: options.batchSize ?? 500 };
    const keyset = after ? `and (${keyList}) > (${target.key.map((k) => `:after_${k}`).join(', ')})` : '';
    for (const k of after ? target.key : []) params[`after_${k}`] = String(after?.[k]);
    const rows = await scopedSql<Row>(
      em,
      `select ${target.key.map((k) => `${cast(k)} as ${k}`).join(', ')}, ${target.column} as sealed from ${target.table}
        where ${target.column} is not null and split_part(${target.column}, '.', 2) <> :active ${keyset}
        order by ${keyList} limit :limit`,
      params,
    );
    if (rows.length === 0) return count;
    await em.transactional(async (tx) => {
      for (const row of rows) {
        const context = target.context(row);
        const resealed = secretBox.seal(secretBox.open(row.sealed, context), context);
        const where = target.key.map((k) => `${k} = :k_${k}`).join(' and ');
        const updated = await scopedSql(tx, `update ${target.table} set ${target.column} = :resealed where ${where} and ${target.column} = :sealed returning 1`, {
          resealed,
          sealed: row.sealed,
          ...Object.fromEntries(target.key.map((k) => [`k_${k}`, row[k]])),
        });
        if (updated.length > 0) count.resealed += 1;
        else count.skipped += 1;
      }
    });
    options.onBatch?.(count);
    after = rows[rows.length - 1];
  }
}

/**
 * Re-seals every secret box value not sealed with the active key (ENCRYPTION_KEY): channel
 * secrets, retired signing secrets, Baileys creds and Signal keys. Values already under the active
 * key are not touched, so it can be run again and resumes where a stopped run left off. A value
 * no configured key opens stops the run with the secret box's error (it names ENCRYPTION_KEY).
 */
export async function rekeySealedValues(em: EntityManager, secretBox: SecretBox, options: RekeyOptions = {}): Promise<RekeyCount[]> {
  const system = asSystem(em, 'rekey sealed values');
  const counts: RekeyCount[] = [];
  for (const target of sealedColumns) counts.push(await rekeyColumn(system, secretBox, target, options));
  return counts;
}
