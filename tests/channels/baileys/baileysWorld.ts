import { randomUUID } from 'node:crypto';
import { downloadOutboundMedia, type FetchOutboundMedia } from '../../../src/channels/baileys/downloadOutboundMedia';
import { Channel } from '../../../src/db/entities/Channel';
import { scopedSql } from '../../../src/db/tenancy/scopedSql';
import { asSystem } from '../../../src/db/tenancy/scopes';
import { createOutboundFetch } from '../../../src/outbound/createOutboundFetch';
import { publicAddressesOnly } from '../../../src/outbound/outboundPolicy';
import { createOrganization } from '../../support/factories';
import { ManualClock } from '../../support/manualClock';
import type { TestDatabase } from '../../support/testDatabase';

/** Database tests run under the root config (real PostgreSQL); the no-database channel config skips them. */

export { silentLogger, testSecretBox } from './baileysTestKeys';

/** An organization with one active Baileys channel. */
export async function createBaileysChannel(db: TestDatabase, settings: Record<string, string | number> = {}) {
  const em = asSystem(db.orm.em, 'test setup');
  const organization = await createOrganization(em);
  const id = randomUUID();
  em.create(Channel, { id, organization: organization.id, kind: 'baileys', name: 'Linked phone', address: `baileys:${id}`, settings });
  await em.flush();
  return { id, organizationId: organization.id, settings };
}

/** Media fetched as a deployment without OUTBOUND_ALLOWED_NETWORKS fetches them, for managers built directly. */
export const publicMediaOnly: FetchOutboundMedia = (media) => downloadOutboundMedia(createOutboundFetch(publicAddressesOnly), media);

export function newClock(): ManualClock {
  return new ManualClock(Date.UTC(2026, 0, 5, 7, 0));
}

/** Raw rows of a Baileys table, in the system scope. */
export async function rowsOf<Row extends object>(db: TestDatabase, sql: string, params: Record<string, string> = {}): Promise<Row[]> {
  return scopedSql<Row>(asSystem(db.orm.em, 'test inspection'), sql, params);
}
