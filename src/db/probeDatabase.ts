import type { MikroORM } from '@mikro-orm/postgresql';

interface RawConnection {
  query(sql: string): Promise<unknown>;
}

interface RawConnector {
  acquireRawConnection(): Promise<RawConnection>;
  destroyRawConnection(connection: RawConnection): Promise<void>;
}

/**
 * Whether the database answers `select 1` on a connection of its own, outside the pool, within
 * `timeoutMs`: tells an unreachable database from a busy pool or a slow statement.
 */
export async function probeDatabase(orm: MikroORM, timeoutMs: number): Promise<boolean> {
  const connector = orm.em.getConnection().getKnex().client as RawConnector;
  let timer: NodeJS.Timeout | undefined;
  const attempt = (async () => {
    const connection = await connector.acquireRawConnection();
    try {
      await connection.query('select 1');
      return true;
    } finally {
      await connector.destroyRawConnection(connection).catch(() => undefined);
    }
  })().catch(() => false);
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
