import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { recordInboundMessage, type InboundRecord } from '../../src/engine/recordInboundMessage';
import { DEDUPE_WINDOW_MS, pruneInboundProviderIds } from '../../src/history/pruneInboundProviderIds';
import { createConsoleChannel, createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let organizationId: string;
let channelId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const system = asSystem(db.orm.em.fork(), 'dedupe test');
  organizationId = (await createOrganization(system)).id;
  channelId = (await createConsoleChannel(system, organizationId, { name: 'Dedupe' })).id;
});
afterAll(() => db.destroy());

function delivery(providerMessageId: string, at: number): InboundRecord {
  return { channelId, workerId: null, conversationId: null, touchpointKey: null, at, message: { providerMessageId, from: '+15550000002', at, text: 'hi' } };
}

describe('inbound provider ids across month partitions', () => {
  it('absorbs a redelivery that lands in another month, until the dedupe window has passed', async () => {
    const em = () => forOrganization(db.orm.em.fork(), organizationId);
    const first = Date.UTC(2026, 0, 31, 23, 59);
    expect(await recordInboundMessage(em(), delivery('wamid.month-edge', first))).toBeDefined();
    expect(await recordInboundMessage(em(), delivery('wamid.month-edge', Date.UTC(2026, 1, 1, 0, 1)))).toBeUndefined();
    const rows = await scopedSql(em(), `select id from messages where organization_id = :organization_id and provider_message_id = 'wamid.month-edge'`);
    expect(rows).toHaveLength(1);

    const system = asSystem(db.orm.em.fork(), 'dedupe prune');
    expect(await pruneInboundProviderIds(system, new Date(first + DEDUPE_WINDOW_MS - 60_000))).toBe(0);
    expect(await pruneInboundProviderIds(system, new Date(first + DEDUPE_WINDOW_MS + 60_000))).toBe(1);
  });
});
