import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase } from '../../src/db/openDatabase';
import { chooseTestServer } from './chooseTestServer';
import { adminQuery, databaseUrl } from './postgresAdmin';
import { probePostgres } from './probePostgres';
import { startEmbeddedTestServer } from './startEmbeddedTestServer';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    testServerUrl: string;
  }
}

/**
 * Picks the run's PostgreSQL server (starting an embedded one when none is configured or
 * reachable) and migrates one template database on it; each test file clones it (fast).
 */
export default async function setup(project: TestProject) {
  const choice = await chooseTestServer(process.env, probePostgres);
  const { url: server, stop } = choice.server === 'embedded' ? await startEmbeddedTestServer() : { url: choice.url, stop: undefined };
  console.log(`Tests use ${stop ? 'an embedded PostgreSQL' : 'PostgreSQL'} on ${new URL(server).host} (${choice.why}).`);
  const template = `coaching_template_${process.pid}_${Date.now()}`;
  try {
    await adminQuery(`create database ${template}`, server);
    const database = await openDatabase({ databaseUrl: databaseUrl(template, server), dataDir: '', poolSize: 2 });
    try {
      await migrateDatabase(database);
    } finally {
      await database.close();
    }
  } catch (error) {
    await stop?.();
    throw error;
  }
  project.provide('testServerUrl', server);
  project.provide('templateDatabase', template);
  return async () => {
    if (stop) await stop();
    else await adminQuery(`drop database if exists ${template} with (force)`, server);
  };
}
