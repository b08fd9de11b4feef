import type { EntityManager } from '@mikro-orm/postgresql';
import type { StatusUpdate } from '../channels/channelTypes';
import { scopeOf } from '../db/tenancy/scopes';
import { writeStatusUpdates } from './writeStatusUpdates';

/**
 * Applies one provider delivery status to the outbound message it names, forward only (read is
 * never followed by delivered), in one statement. A status that arrives before the send call
 * returned the provider id (Cloud API webhooks can) is kept in pending_statuses and applied when
 * the send records the id. Returns whether a message moved now. Organization scope. The webhook
 * path batches statuses instead (`createStatusWriter`).
 */
export async function applyStatusUpdate(em: EntityManager, channelId: string, update: StatusUpdate): Promise<boolean> {
  const scope = scopeOf(em);
  if (!scope || !('organizationId' in scope)) throw new Error('applyStatusUpdate runs in an organization scope');
  const { moved } = await writeStatusUpdates(em, [{ organizationId: scope.organizationId, channelId, update }]);
  return moved[0];
}
