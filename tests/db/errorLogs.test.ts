import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { forOrganization } from '../../src/db/tenancy/scopes';
import { createLogger } from '../../src/logging/createLogger';
import { createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

/** Logs the error `statement` raises, as the engine does (the error, and elsewhere only its message), and answers the lines. */
async function logFailure(statement: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(chunk.toString('utf8')); done(); } });
  const logger = createLogger('info', sink);
  const error = await statement().then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(Error);
  logger.error({ err: error }, 'unhandled error');
  logger.error({ err: error instanceof Error ? error.message : String(error) }, 'timer failed; retried next tick');
  return lines.join('');
}

describe('database errors in the log', () => {
  it('keep the statement and the error, never the values the driver inlined', async () => {
    const organization = await createOrganization(asSystem(db.orm.em, 'test setup'));
    const em = forOrganization(db.orm.em, organization.id);
    const insert = () =>
      scopedSql(em, `insert into workers (organization_id, full_name, phone_number) values (:organization_id, :name, :phone)`, { name: 'Ann Secretname', phone: '+15557654321' });
    await insert();
    const duplicate = await logFailure(insert);
    expect(duplicate).toContain('insert into workers');
    expect(duplicate).toContain('"code":"23505"');
    for (const value of ['Ann Secretname', '+15557654321', organization.id]) expect(duplicate).not.toContain(value);

    const badInput = await logFailure(() => scopedSql(em, `select id from workers where organization_id = :organization_id and id = :id`, { id: 'Bob Privatename 555' }));
    expect(badInput).toContain('invalid input syntax for type uuid');
    expect(badInput).not.toContain('Bob Privatename');
  });
});
