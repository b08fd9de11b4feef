import { describe, expect, it } from 'vitest';
import { migratorOf } from '../../src/db/migratorOf';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import type { Database } from '../../src/db/openDatabase';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

/** The indexes, constraints and triggers of `messages`, by name. */
async function messagesSchema(database: Database): Promise<string[]> {
  const rows = await database.orm.em.getConnection().execute<{ name: string }[]>(
    `select indexname as name from pg_indexes where tablename = 'messages'
     union all select conname from pg_constraint where conrelid = 'messages'::regclass
     union all select tgname from pg_trigger where tgrelid = 'messages'::regclass and not tgisinternal`,
  );
  return rows.map((row) => row.name).sort();
}

const dropped = ['messages_outbox_index', 'messages_outbox_org_index', 'messages_provider_id_index', 'messages_channel_id_foreign', 'messages_worker_id_foreign'];

describe('the lean messages migrations (issue 16)', () => {
  const { database } = useEmptyDatabase('coaching_lean_messages');

  it('drop the unneeded indexes, foreign keys and the NOTIFY trigger, and bring them back on the way down', async () => {
    await migrateDatabase(database());
    const lean = await messagesSchema(database());
    for (const gone of [...dropped, 'messages_notify_outbox']) expect(lean).not.toContain(gone);
    expect(lean).toContain('messages_channel_outbox_index');
    expect(lean).toContain('messages_channel_id_same_organization');

    await (await migratorOf(database().orm)).down({ to: 'Migration20261206041500_demoCredentials' });
    const before = await messagesSchema(database());
    for (const back of [...dropped, 'messages_notify_outbox']) expect(before).toContain(back);

    await migrateDatabase(database());
    expect(await messagesSchema(database())).toEqual(lean);
  });
});
