import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormOptions } from './ormOptions';
import { forOrganization } from './tenancy/scopes';

/**
 * A streaming replica for reads that may lag (console lists and charts, exports, analytics).
 * Nothing that decides or writes runs here: the replica refuses writes anyway.
 */
export interface ReadReplica {
  orm: MikroORM;
  /** Seconds the replica is behind its primary (0 when it has replayed all it received); null when it is no standby. */
  lagSeconds(): Promise<number | null>;
  close(): Promise<void>;
}

/** Connects to the replica at `url` (DATABASE_REPLICA_URL), at most `poolSize` connections. */
export async function openReadReplica(url: string, poolSize: number): Promise<ReadReplica> {
  const orm = await MikroORM.init(ormOptions(url, poolSize));
  return {
    orm,
    async lagSeconds() {
      const [row] = await orm.em.getConnection().execute<{ lag: number | null }[]>(
        `select case when not pg_is_in_recovery() then null
                     when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                     else extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp())::float8 end as lag`,
      );
      return row?.lag ?? null;
    },
    close: () => orm.close(true),
  };
}

/** One organization's reads that may lag: on the replica when there is one, else on the primary. */
export interface TenantReads {
  /** Scoped to the organization (forOrganization); read only. */
  em: EntityManager;
  /** Seconds the data read may be behind; null when it is read from the primary. */
  lagSeconds(): Promise<number | null>;
}

/** Where an organization's lists, charts, exports and analytics read from. */
export function readsFor(primary: MikroORM, replica: ReadReplica | undefined, organizationId: string): TenantReads {
  return {
    em: forOrganization((replica?.orm ?? primary).em, organizationId),
    lagSeconds: async () => (replica ? replica.lagSeconds() : null),
  };
}
