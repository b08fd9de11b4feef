import { describe, expect, it } from 'vitest';
import { minutes } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'safety-training' });

describe('a message during a pacing wait', () => {
  it('leaves the unchanged snapshot unwritten (the step is still counted)', async () => {
    // Counts every UPDATE that sets conversations.snapshot (a column trigger fires whether the value changed or not).
    const ddl = (sql: string) => world().deps.orm.em.getConnection().execute(sql);
    await ddl(`create table if not exists snapshot_writes (conversation_id uuid)`);
    await ddl(`create or replace function note_snapshot_write() returns trigger language plpgsql as $$
      begin insert into snapshot_writes values (new.id); return new; end $$`);
    await ddl(`create trigger snapshot_writes after update of snapshot on conversations for each row execute function note_snapshot_write()`);

    const worker = await world().addWorker();
    await world().enroll(worker.id);
    const state = async () => {
      const [row] = await world().sql<{ version: number; snapshot: unknown; timers: number; writes: number }>(
        `select c.version, c.snapshot, (select count(*)::int from timers t where t.conversation_id = c.id) as timers,
                (select count(*)::int from snapshot_writes s where s.conversation_id = c.id) as writes
           from conversations c where c.organization_id = :organization_id and c.worker_id = :worker`,
        { worker: worker.id },
      );
      return row;
    };
    const before = await state();
    const [last] = await world().sql<{ expects: boolean | null }>(
      `select (payload->>'expectsAnswer')::boolean as expects from messages
        where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq desc limit 1`,
      { worker: worker.id },
    );
    // Waiting for the first lesson: no question out, a timer pending.
    expect(last?.expects ?? false).toBe(false);
    expect(before.timers).toBeGreaterThan(0);

    world().clock.advance(minutes(5));
    expect(await world().say(worker.phoneNumber!, 'hello?')).toMatchObject({ kind: 'pacing_wait' });
    const after = await state();
    expect(after).toEqual({ ...before, version: before.version + 1 });
  });
});
