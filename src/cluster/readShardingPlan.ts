import type { EntityManager } from '@mikro-orm/postgresql';

/** The distribution column of every tenant table (Citus `create_distributed_table`). */
export const DISTRIBUTION_COLUMN = 'organization_id';
/** The tenant root, distributed by its own id, co-located with the rest. */
const ROOT_TABLE = 'organizations';

export type TableRole = 'distributed' | 'reference' | 'local';

/** A key (primary key, unique constraint or unique index) or foreign key, and whether sharding needs it changed. */
export interface KeyReadiness {
  table: string;
  name: string;
  kind: 'primary key' | 'unique' | 'foreign key';
  columns: string[];
  /** Foreign keys: the table referenced. */
  references?: string;
  ready: boolean;
}

export interface ShardingPlan {
  tables: { name: string; role: TableRole }[];
  keys: KeyReadiness[];
}

interface CatalogueTable {
  name: string;
  has_org: boolean;
}

interface CatalogueKey {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f' | 'i';
  columns: string[];
  references: string | null;
  referenced_columns: string[] | null;
}

/**
 * Reads the schema from the catalogue and answers how it would shard on Citus with
 * `organization_id` as the distribution column: a table with the column is distributed (the
 * organizations table by its id); one without it that a distributed table references is a
 * reference table (copied to every node); the rest stay local to the coordinator. A distributed
 * table's primary key and unique keys must include the distribution column, and a foreign key
 * between distributed tables must join on it.
 */
export async function readShardingPlan(em: EntityManager): Promise<ShardingPlan> {
  const connection = em.getConnection();
  const tables = await connection.execute<CatalogueTable[]>(
    `select c.relname as name,
            exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = ? and not a.attisdropped) as has_org
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname`,
    [DISTRIBUTION_COLUMN],
  );
  const keys = await connection.execute<CatalogueKey[]>(
    `select t.relname as table, k.conname as name, k.contype as kind,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as columns,
            r.relname as references,
            case when k.contype = 'f' then array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) end as referenced_columns
       from pg_constraint k join pg_class t on t.oid = k.conrelid join pg_namespace n on n.oid = t.relnamespace
       left join pg_class r on r.oid = k.confrelid
      where n.nspname = current_schema() and k.contype in ('p', 'u', 'f')
     union all
     select t.relname, i.relname, 'i',
            array(select a.attname::text from unnest(x.indkey::int2[]) with ordinality u(n, o) join pg_attribute a on a.attrelid = x.indrelid and a.attnum = u.n order by u.o),
            null, null
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and x.indisunique and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
      order by 1, 2`,
  );
  const withOrg = new Set(tables.filter((t) => t.has_org).map((t) => t.name));
  const distributed = new Set([...withOrg, ROOT_TABLE]);
  const referenced = new Set(keys.filter((k) => k.kind === 'f' && distributed.has(k.table) && k.references && !distributed.has(k.references)).map((k) => k.references as string));
  const roleOf = (name: string): TableRole => (distributed.has(name) ? 'distributed' : referenced.has(name) ? 'reference' : 'local');
  const distributionColumnOf = (table: string) => (table === ROOT_TABLE ? 'id' : DISTRIBUTION_COLUMN);

  const readiness = keys
    .filter((k) => distributed.has(k.table))
    .map((k): KeyReadiness => {
      const column = distributionColumnOf(k.table);
      if (k.kind !== 'f') return { table: k.table, name: k.name, kind: k.kind === 'p' ? 'primary key' : 'unique', columns: k.columns, ready: k.columns.includes(column) };
      const target = k.references as string;
      // To a reference table any key will do; between distributed tables, the distribution columns must be paired.
      const at = k.columns.indexOf(column);
      const ready = !distributed.has(target) || (at >= 0 && k.referenced_columns?.[at] === distributionColumnOf(target));
      return { table: k.table, name: k.name, kind: 'foreign key', columns: k.columns, references: target, ready };
    });
  return { tables: tables.map((t) => ({ name: t.name, role: roleOf(t.name) })), keys: readiness };
}

/** The plan as the Markdown block kept in docs/sharding.md (the test compares them). */
export function formatShardingPlan(plan: ShardingPlan): string {
  const list = (role: TableRole) => plan.tables.filter((t) => t.role === role).map((t) => `\`${t.name}\``).join(', ') || '(none)';
  const key = (k: KeyReadiness) => `- \`${k.table}\`: ${k.kind} \`${k.name}\` (${k.columns.join(', ')})${k.references ? ` → \`${k.references}\`` : ''}`;
  const ready = plan.keys.filter((k) => k.ready);
  const toChange = plan.keys.filter((k) => !k.ready);
  return [
    `**Distributed by \`organization_id\`** (${plan.tables.filter((t) => t.role === 'distributed').length}; \`organizations\` by \`id\`): ${list('distributed')}`,
    '',
    `**Reference** (copied to every node): ${list('reference')}`,
    '',
    `**Local** (coordinator only): ${list('local')}`,
    '',
    `**Keys that already include the distribution column:** ${ready.length} (${ready.filter((k) => k.kind === 'primary key').length} primary keys, ${ready.filter((k) => k.kind === 'unique').length} unique, ${ready.filter((k) => k.kind === 'foreign key').length} foreign keys).`,
    '',
    `**Keys that must change** (${toChange.length}):`,
    '',
    ...toChange.map(key),
  ].join('\n');
}
