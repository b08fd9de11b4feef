import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** A column of `messages` (or of a month table of it) and its type as SQL writes it, e.g. `character varying(100)`. */
export interface MessageColumn {
  name: string;
  type: string;
}

/**
 * The columns of `table` in the catalogue's order: the archive's CSV header when exporting, and
 * what a restored file's header is checked against and cast to. `table` is a name the caller checked.
 */
export async function messageColumns(system: EntityManager, table: string): Promise<MessageColumn[]> {
  return scopedSql<MessageColumn>(
    system,
    `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
      where attrelid = :table::regclass and attnum > 0 and not attisdropped order by attnum`,
    { table },
  );
}
