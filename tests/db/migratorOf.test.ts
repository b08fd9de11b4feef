import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

const { url } = useEmptyDatabase('migrator_of');

describe('the migration tooling', () => {
  it('is loaded when a migration runs, never by opening the database (the background thread never migrates)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['tests/support/probeMigrationTooling.mjs', url]);
    expect(JSON.parse(stdout)).toEqual({ afterOpen: false, afterMigrator: true });
  });
});
