import type { MikroORM } from '@mikro-orm/postgresql';
import type { InboundMedia } from '../channels/channelTypes';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';

export type MediaOutcome =
  | { kind: 'stored'; media: InboundMedia }
  | { kind: 'retry'; error: string; dueAt: number }
  | { kind: 'failed'; error: string };

/** Records on an inbound message what became of fetching its media. */
export async function recordMediaOutcome(orm: MikroORM, message: { id: string; organization_id: string }, outcome: MediaOutcome): Promise<void> {
  const em = forOrganization(orm.em, message.organization_id);
  const where = `where organization_id = :organization_id and id = :id and media_status = 'pending'`;
  if (outcome.kind === 'stored') {
    await scopedSql(em, `update messages set media_status = 'stored', media_error = null, media_due_at = null, payload = jsonb_set(payload, '{media}', :media::jsonb) ${where}`, { id: message.id, media: JSON.stringify(outcome.media) });
  } else if (outcome.kind === 'retry') {
    await scopedSql(em, `update messages set media_error = :error, media_due_at = :dueAt ${where}`, { id: message.id, error: outcome.error, dueAt: new Date(outcome.dueAt) });
  } else {
    await scopedSql(em, `update messages set media_status = 'failed', media_error = :error, media_due_at = null ${where}`, { id: message.id, error: outcome.error });
  }
}
