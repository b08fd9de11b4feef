import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeText } from '../blueprints/normalizeText';
import type { InboundMessage } from '../channels/channelTypes';
import type { OrganizationSettings } from '../db/entities/Organization';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';
import { enqueueOutbound } from './enqueueOutbound';
import { enqueueToUnknownSender } from './enqueueToUnknownSender';
import { checkTierLimit } from '../limits/tierLimits';
import { enrollWorker } from './enrollWorker';
import type { JoinRefusal } from './inboundOutcome';
import { loadSystemTextOverrides } from './loadSystemTextOverrides';
import { hasProgramEnded } from './programDates';
import { systemText } from './systemTexts';

/**
 * A number that matches no worker. With the organization's join code (and self-enrollment on),
 * the sender becomes a worker named from their profile and joins the self-enrollment program,
 * unless the tier's worker limit is reached or the program has ended (they are told, kindly, and
 * the outcome says which); otherwise they are told how to join. The joining message (`inbound`, logged content-free) then
 * becomes the new worker's: their 24-hour window opens with it, so the welcome and the first
 * question go out as free text.
 */
export async function handleUnknownSender(em: EntityManager, channelId: string, inbound: { id: string; message: InboundMessage }, at: number): Promise<{ joined: boolean; refused?: JoinRefusal }> {
  const { message } = inbound;
  const [organization] = await scopedSql<{ settings: OrganizationSettings }>(
    em,
    'select settings from organizations where id = :organization_id',
  );
  const settings = organization?.settings ?? {};
  const language = settings.defaultLanguage ?? 'en';
  const isJoinCode = settings.joinCode !== undefined && message.text !== undefined && normalizeText(message.text) === normalizeText(settings.joinCode);
  if (!isJoinCode || !settings.selfEnrollment || !settings.selfEnrollmentProgramId) {
    await enqueueToUnknownSender(em, channelId, message.from, systemText(language, 'unknownSender', {}, await loadSystemTextOverrides(em)), at);
    return { joined: false };
  }
  // Every tier limit holds here too; a program past its end date takes no late joiner.
  const refusal = (await checkTierLimit(em, 'workers', 1, at)) ? 'joinFull' : (await hasProgramEnded(em, settings.selfEnrollmentProgramId, at)) ? 'joinClosed' : undefined;
  if (refusal) {
    await enqueueToUnknownSender(em, channelId, message.from, systemText(language, refusal, {}, await loadSystemTextOverrides(em)), at);
    return { joined: false, refused: refusal === 'joinFull' ? 'tier_limit' : 'program_ended' };
  }
  // workers.full_name is varchar(255); a profile name longer than that (hostile: WhatsApp's are short) is cut, not the join refused.
  const name = Array.from(message.profileName?.trim() || message.from).slice(0, 255).join('');
  const [worker] = await scopedSql<{ id: string }>(
    em,
    `insert into workers (organization_id, full_name, phone_number, language, status)
     values (:organization_id, :name, :phone, :language, 'active') returning id`,
    { name, phone: message.from, language },
  );
  await scopedSql(
    em,
    'update messages set worker_id = :worker, body = :body where organization_id = :organization_id and id = :id',
    { worker: worker.id, body: message.text ?? null, id: inbound.id },
  );
  await enqueueOutbound(em, { channelId, workerId: worker.id, body: systemText(language, 'joined', { name }, await loadSystemTextOverrides(em)), priority: 'reply', at });
  await enrollWorker(em, worker.id, settings.selfEnrollmentProgramId, channelId, at);
  // The first journey answers the worker's own message: its opening messages are replies, not
  // proactive mail, so quiet hours do not hold them (the worker is new: all it has queued is that).
  await scopedSql(
    em,
    `update messages set priority = :reply where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' and status = 'queued'`,
    { worker: worker.id, reply: messagePriorities.reply },
  );
  return { joined: true };
}
