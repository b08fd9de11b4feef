import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';
import type { SecretBox } from '../secrets/secretBox';
import { sealedColumns } from './sealedColumns';

/** How many sealed values wait for `rekey`, and how many no configured key opens. */
export interface SealedKeyReport {
  /** Values sealed with a configured key other than the active one (ENCRYPTION_KEY_PREVIOUS). */
  underPreviousKeys: number;
  /** Values sealed with a key that is not configured, by key id. */
  unknownKeys: Record<string, number>;
}

/**
 * Counts the sealed values of every sealed column by the key that sealed them (the key id in each
 * value), against the secret box's keys: for the start-up warnings of a key rotation.
 */
export async function countSealedByKey(em: EntityManager, secretBox: SecretBox): Promise<SealedKeyReport> {
  const system = asSystem(em, 'count sealed values by key');
  const report: SealedKeyReport = { underPreviousKeys: 0, unknownKeys: {} };
  for (const { table, column } of sealedColumns) {
    const rows = await scopedSql<{ key_id: string; n: string }>(
      system,
      `select split_part(${column}, '.', 2) as key_id, count(*) as n from ${table} where ${column} is not null and split_part(${column}, '.', 2) <> :active group by 1`,
      { active: secretBox.activeKeyId },
    );
    for (const row of rows) {
      if (secretBox.keyIds.includes(row.key_id)) report.underPreviousKeys += Number(row.n);
      else report.unknownKeys[row.key_id] = (report.unknownKeys[row.key_id] ?? 0) + Number(row.n);
    }
  }
  return report;
}
