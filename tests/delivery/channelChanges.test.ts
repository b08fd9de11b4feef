import { describe, expect, it } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

describe('the dispatcher and changes to a channel', () => {
  it('stops sending on a channel deleted after its adapter was built, and fails what was queued on it', async () => {
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const worker = await world().worker(org);
    const first = await world().queue(org, channel, worker.id, { body: 'before' });
    await dispatchUntilIdle(world().deps);
    expect((await world().message(first)).status).toBe('sent');

    const second = await world().queue(org, channel, worker.id, { body: 'after' });
    await scopedSql(asSystem(world().deps.orm.em, 'test'), `update channels set status = 'deleted', updated_at = now() where id = :id`, { id: channel });
    await dispatchUntilIdle(world().deps);
    expect(await world().message(second)).toMatchObject({ status: 'failed', error_code: 'channel_unavailable' });
    expect(world().consoleSends.filter((send) => send.channelId === channel).map((send) => send.message.text)).toEqual(['before']);
  });
});
