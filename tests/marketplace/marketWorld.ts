import { randomUUID } from 'node:crypto';
import { handleInbound } from '../../src/engine/handleInbound';
import type { ApiWorld } from '../support/apiWorld';
import { bulkWorkersSql, publishFlows } from '../support/publishFlows';

/** Organization a of the API world made an expert that publishes flows/<flow>.yaml on these terms. */
export async function publishAsExpert(world: ApiWorld, flow: string, terms: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  await world.sql(`update organizations set type = 'expert' where id = :organization_id`);
  await publishFlows(world.em(), [flow]);
  const published = await world.admin('POST', '/v1/marketplace/listings', {
    blueprintKey: flow, title: `Listing ${flow}`, description: 'Six questions about the shift', languages: ['en'], duration: '1 day', tags: ['safety', 'onboarding'], terms, ...extra,
  });
  if (published.status !== 201) throw new Error(`publish failed: ${published.text}`);
  return String(published.json.listingId);
}

/** The client (organization b) takes and, when needed, is granted a licence, then installs it. */
export async function licenceAndInstall(world: ApiWorld, listingId: string, grant: Record<string, unknown> = {}) {
  const requested = await world.call(world.b.keys.org_admin, 'POST', `/v1/marketplace/listings/${listingId}/licences`);
  if (requested.status !== 201) throw new Error(`request failed: ${requested.text}`);
  const licenceId = String(requested.json.id);
  if (requested.json.status === 'requested') await world.admin('POST', `/v1/marketplace/licences/${licenceId}/grant`, grant);
  const installed = await world.call(world.b.keys.org_admin, 'POST', `/v1/marketplace/licences/${licenceId}/install`, {});
  if (installed.status !== 201) throw new Error(`install failed: ${installed.text}`);
  return { licenceId, installed: installed.json };
}

/** Organization b: `count` workers (from `offset`) and an active program playing `key`; returns the worker ids and program id. */
export async function clientProgram(world: ApiWorld, key: string, count: number, offset: number) {
  await world.sql(bulkWorkersSql, { offset, count }, world.b.id);
  const workers = await world.sql<{ id: string; phone_number: string }>(
    `select id, phone_number from workers where organization_id = :organization_id and phone_number like '+1777%' and full_name like 'Bulk %'
      and substr(phone_number, 6)::int between :from and :to order by phone_number`,
    { from: offset, to: offset + count - 1 },
    world.b.id,
  );
  const program = await world.call(world.b.keys.org_admin, 'POST', '/v1/programs', { name: `Program ${key} ${offset}`, blueprints: [key], channelId: world.b.channelId });
  if (program.status !== 201) throw new Error(`program failed: ${program.text}`);
  await world.call(world.b.keys.org_admin, 'POST', `/v1/programs/${String(program.json.id)}/activate`);
  return { programId: String(program.json.id), workers };
}

/** A worker of organization b answers through the real pipeline. */
export async function clientSays(world: ApiWorld, phoneNumber: string, text: string) {
  return handleInbound(world.engine, { id: world.b.channelId, organizationId: world.b.id }, { providerMessageId: `test-${randomUUID()}`, from: phoneNumber, at: world.clock.now(), text });
}


/** The error of an API answer. */
export const errorOf = (answer: { json: Record<string, unknown> }) => answer.json.error as { code: string; message: string; field?: string };
