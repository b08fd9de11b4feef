import type { MikroORM } from '@mikro-orm/postgresql';
import type { SqlParams } from '../db/tenancy/scopedSql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';
import type { HotPath } from '../hotPath/openHotPath';
import type { SystemStatement } from '../hotPath/systemStatement';

/** Runs one of the dispatcher's system statements, autocommitted, and answers its rows. */
export type RunSystemStatement = <Row extends object>(statement: SystemStatement, params: SqlParams) => Promise<Row[]>;

/**
 * Where the dispatcher's batch statements run: prepared on the hot path's connections when there
 * is one (no ORM formatting, parsed once per connection), else through the ORM's system scope.
 */
export function systemStatementsOf(orm: MikroORM, hot?: HotPath): RunSystemStatement {
  if (hot) return async <Row extends object>(statement: SystemStatement, params: SqlParams) => (await hot.runSystem(statement, statement.values(params))) as Row[];
  return <Row extends object>(statement: SystemStatement, params: SqlParams) => scopedSql<Row>(asSystem(orm.em, statement.purpose), statement.sql, params);
}
