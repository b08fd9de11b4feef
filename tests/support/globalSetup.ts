import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase } from '../../src/db/openDatabase';
import { adminQuery, databaseUrl } from './postgresAdmin';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one template database per run; each test file clones it (fast) instead of migrating. */
export default async function setup(project: TestProject) {
  const template = `coaching_template_${process.pid}_${Date.now()}`;
  await adminQuery(`create database ${template}`);
  const database = await openDatabase({ databaseUrl: databaseUrl(template), dataDir: '', poolSize: 2 });
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(`drop database if exists ${template} with (force)`);
  };
}
