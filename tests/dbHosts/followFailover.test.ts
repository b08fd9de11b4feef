import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded/freePort';
import { startStreamingReplica } from '../../src/cluster/startStreamingReplica';
import { startTempCluster, type TempCluster } from '../../src/cluster/startTempCluster';
import { createHostChooser } from '../../src/dbHosts/createHostChooser';
import { parseDatabaseHosts } from '../../src/dbHosts/parseDatabaseHosts';
import { pgConnection } from '../../src/dbHosts/pgConnection';
import { listenForNotifications } from '../../src/db/listenForNotifications';
import { ormOptions } from '../../src/db/ormOptions';
import { createLogger } from '../../src/logging/createLogger';
import { waitFor } from '../support/waitFor';

// A real primary and its streaming standby (temporary clusters of Debian's PostgreSQL 15), listed standby first.
let primary: TempCluster;
let standby: TempCluster;
let closedPort: number;
const hostList = (attrs: string) => `postgres://postgres@127.0.0.1:${closedPort},127.0.0.1:${standby.port},127.0.0.1:${primary.port}/postgres${attrs}`;

beforeAll(async () => {
  primary = await startTempCluster();
  standby = await startStreamingReplica(primary);
  closedPort = await freePort();
}, 120_000);
afterAll(() => {
  standby?.destroy();
  primary?.destroy();
});

async function serverPort(query: (sql: string) => Promise<{ port: number }[]>): Promise<number | undefined> {
  try {
    return (await query('select inet_server_port() as port'))[0]?.port;
  } catch {
    return undefined;
  }
}

describe("a host list with target_session_attrs=read-write (libpq's failover, for pg)", () => {
  it('chooses the first host that accepts writes, past a closed port and a standby; any host will do without it', async () => {
    expect(await createHostChooser(parseDatabaseHosts(hostList('?target_session_attrs=read-write'))).choose()).toEqual({ host: '127.0.0.1', port: primary.port });
    expect(await createHostChooser(parseDatabaseHosts(hostList(''))).choose()).toEqual({ host: '127.0.0.1', port: standby.port });
  });

  it('says which host refused and why when none accepts writes, as a connection failure', async () => {
    const onlyStandby = parseDatabaseHosts(`postgres://postgres@127.0.0.1:${closedPort},127.0.0.1:${standby.port}/postgres?target_session_attrs=read-write`);
    await expect(createHostChooser(onlyStandby).choose()).rejects.toMatchObject({
      code: '08001',
      message: expect.stringMatching(new RegExp(`127.0.0.1:${closedPort}: .*ECONNREFUSED.*; 127.0.0.1:${standby.port}: read only`)),
    });
  });

  it('moves every pool, the ORM and LISTEN to the standby once it is promoted', async () => {
    const url = hostList('?target_session_attrs=read-write');
    const pool = new pg.Pool({ ...pgConnection(url), max: 2 });
    pool.on('error', () => undefined);
    const orm = await MikroORM.init(ormOptions(url, 2));
    const heard: string[] = [];
    const listener = listenForNotifications(url, 'drill', { onNotify: (payload) => heard.push(payload), onListening: () => undefined, onDeaf: () => undefined }, createLogger('silent'), 200);
    const ormQuery = (sql: string) => orm.em.getConnection().execute<{ port: number }[]>(sql);
    const poolQuery = async (sql: string) => (await pool.query<{ port: number }>(sql)).rows;
    try {
      expect(await serverPort(poolQuery)).toBe(primary.port);
      expect(await serverPort(ormQuery)).toBe(primary.port);
      await waitFor('LISTEN on the primary', async () => {
        await pool.query(`notify drill, 'before'`);
        return heard.includes('before');
      });

      primary.stop('fast');
      standby.promote();

      await waitFor('the pool on the promoted standby', async () => (await serverPort(poolQuery)) === standby.port);
      await waitFor('the ORM on the promoted standby', async () => (await serverPort(ormQuery)) === standby.port);
      await orm.em.getConnection().execute('create table written_after_failover (id int)');
      await waitFor('LISTEN on the promoted standby', async () => {
        await pool.query(`notify drill, 'after'`);
        return heard.includes('after');
      });
    } finally {
      await listener.close();
      await orm.close(true);
      await pool.end();
    }
  }, 90_000);
});
