import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Deletes an organization and every row it owns, in one transaction. Deleting the organizations
 * row cascades through the tenant tables' keys; the keys between tenant tables that are
 * DEFERRABLE (touchpoints → content, program_blueprints → journey_blueprints) are checked at
 * commit, once both sides are gone. Tables that carry organization_id without a key to
 * organizations (bookkeeping such as pacing and point balances) are then cleared by that column,
 * found in the catalog so that a table added later is covered too. Other organizations keep
 * their rows: a client's licence of this organization's listing keeps its title, and its
 * installed blueprints keep running. Returns whether the organization existed.
 */
export async function deleteOrganization(system: EntityManager, id: string): Promise<{ deleted: boolean }> {
  return system.transactional(async (tx) => {
    await scopedSql(tx, 'set constraints all deferred');
    const rows = await scopedSql(tx, 'delete from organizations where id = :id returning id', { id });
    if (rows.length === 0) return { deleted: false };
    const tables = await scopedSql<{ table_name: string }>(
      tx,
      `select c.table_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = current_schema() and c.column_name = 'organization_id' and t.table_type = 'BASE TABLE' order by c.table_name`,
    );
    for (const { table_name: table } of tables) await scopedSql(tx, `delete from "${table.replace(/"/g, '""')}" where organization_id = :id`, { id });
    return { deleted: true };
  });
}
