import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * A worker's erasure reaches their events too: the words they typed (a reflection's `text`, a
 * quiz's `answer`) leave every event of theirs, and the bodies kept in the delivery log are
 * blanked. Events not yet delivered go out without them. One statement.
 */
export async function eraseWorkerEventTexts(em: EntityManager, workerId: string): Promise<void> {
  await scopedSql(
    em,
    `with events as (
       update domain_events set data = data - 'text' - 'answer'
        where organization_id = :organization_id and worker_id = :worker and (data->>'text' is not null or data->>'answer' is not null)
       returning id)
     update event_deliveries set body = null
      where organization_id = :organization_id and worker_id = :worker and body is not null`,
    { worker: workerId },
  );
}
