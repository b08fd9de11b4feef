import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { toArrayLiteral } from '../../src/db/toArrayLiteral';
import { applyCrossed, writeStatusBatch } from '../../src/delivery/writeStatusUpdates';
import { blocksOf, executeOf, inRolledBackTransaction, prepareGeneric } from '../support/genericPlanBlocks';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

/** Sent messages on `channel` with provider ids `${prefix}-1`…`${prefix}-${count}`. */
async function sentMessages(client: pg.PoolClient, organization: string, channel: string, prefix: string, count: number): Promise<void> {
  await client.query(
    `insert into messages (organization_id, channel_id, direction, body, status, provider_message_id, created_at, sent_at)
     select $1, $2, 'outbound', 'hello', 'sent', $4 || '-' || n, now(), now() from generate_series(1, $3::int) n`,
    [organization, channel, count, prefix],
  );
}

/** `execute` of the status batch for provider ids `pids` (delivered) of `channel`. */
function statusBatch(client: pg.PoolClient, name: string, organization: string, channel: string, pids: string[]): string {
  return executeOf(client, name, writeStatusBatch, {
    orgs: toArrayLiteral(pids.map(() => organization)),
    channels: toArrayLiteral(pids.map(() => channel)),
    providerIds: toArrayLiteral(pids),
    statuses: toArrayLiteral(pids.map(() => 'delivered')),
    ats: toArrayLiteral(pids.map(() => new Date())),
    codes: toArrayLiteral(pids.map(() => null)),
    reasons: toArrayLiteral(pids.map(() => null)),
    ords: toArrayLiteral(pids.map((_, index) => index)),
  });
}

// A status's message is looked up by its provider id: one probe of each partition's provider-id
// index, whatever else the table holds. Joined as a whole (the old SQL), a generic plan hashed every
// outbound message: its blocks grew with the table (hundreds a call in the bench).
describe('the blocks of writing provider statuses do not grow with the messages table', () => {
  it('two statuses on a plan made while the table was small, then 10,000 more sent messages (no statistics)', async () => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      await sentMessages(client, organization, channel, 'early', 3);
      const name = await prepareGeneric(client, writeStatusBatch);
      await client.query(statusBatch(client, name, organization, channel, ['early-1']));
      await sentMessages(client, organization, channel, 'late', 10_000);

      expect(await blocksOf(client, statusBatch(client, name, organization, channel, ['late-1', 'late-2']))).toBeLessThan(150);
    });
  });

  it('the sweep of two kept statuses on a plan made while the table was small, then 10,000 more sent messages of the channel (no statistics)', async () => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      // Provider ids as long as Cloud API's (wamid.…): the index of provider ids has split, the channel's (channel, direction, time) not yet.
      const wamid = `wamid.${'HBgLMTU1NTAxMjM0NTYVAgARGBI'.repeat(2)}`;
      await sentMessages(client, organization, channel, wamid, 150);
      const name = await prepareGeneric(client, applyCrossed);
      const sweep = (pids: string[]) => executeOf(client, name, applyCrossed, {
        orgs: toArrayLiteral(pids.map(() => organization)),
        channels: toArrayLiteral(pids.map(() => channel)),
        providerIds: toArrayLiteral(pids),
      });
      await client.query(sweep([`${wamid}-1`]));
      await sentMessages(client, organization, channel, 'late', 10_000);
      await client.query(
        `insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at) values ($1, $2, 'late-1', 'delivered', now()), ($1, $2, 'late-2', 'delivered', now())`,
        [organization, channel],
      );

      expect(await blocksOf(client, sweep(['late-1', 'late-2']))).toBeLessThan(150);
    });
  });

  it('the sweep of two kept statuses among 10,000 sent messages and 10,000 statuses kept for ids no message carries', async () => {
    await inRolledBackTransaction(world(), async (client, organization, channel) => {
      await sentMessages(client, organization, channel, 'late', 10_000);
      await client.query(
        `insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at) values ($1, $2, 'late-1', 'delivered', now()), ($1, $2, 'late-2', 'delivered', now())`,
        [organization, channel],
      );
      // Statuses of messages this engine never sent (kept an hour): the sweep looks only at the ones its writer just kept.
      await client.query(
        `insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at) select $1, $2, 'unknown-' || n, 'delivered', now() from generate_series(1, 10000) n`,
        [organization, channel],
      );
      const name = await prepareGeneric(client, applyCrossed);
      const kept = executeOf(client, name, applyCrossed, {
        orgs: toArrayLiteral([organization, organization]),
        channels: toArrayLiteral([channel, channel]),
        providerIds: toArrayLiteral(['late-1', 'late-2']),
      });

      expect(await blocksOf(client, kept)).toBeLessThan(150);
    });
  });
});
