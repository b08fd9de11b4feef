import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { VariantInput } from './experimentDesign';

/** Replaces a draft experiment's variants in one statement each; the control is the one marked, else the first. */
export async function saveVariants(tx: EntityManager, experimentId: string, variants: VariantInput[]): Promise<void> {
  const control = Math.max(0, variants.findIndex((v) => v.control));
  await scopedSql(tx, `delete from experiment_variants where organization_id = :organization_id and experiment_id = :experiment`, { experiment: experimentId });
  const rows = variants.map((v, position) => ({ key: v.key, name: v.name ?? v.key, weight: v.weight, control: position === control, blueprintKey: v.blueprintKey ?? null, deliveryPolicy: v.deliveryPolicy ?? null, position }));
  await scopedSql(
    tx,
    `insert into experiment_variants (organization_id, experiment_id, key, variant_name, weight, is_control, blueprint_key, delivery_policy, position)
     select :organization_id, :experiment::uuid, r.key, r.name, r.weight, r.control, r."blueprintKey", nullif(r."deliveryPolicy", 'null'::jsonb), r.position
       from jsonb_to_recordset(:rows::jsonb) as r(key text, name text, weight float8, control boolean, "blueprintKey" text, "deliveryPolicy" jsonb, position int)`,
    { experiment: experimentId, rows: JSON.stringify(rows) },
  );
}
