import { isUniqueViolation } from '../../db/isUniqueViolation';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { setLeaderboardDisplay } from '../../gamification/setLeaderboardDisplay';
import { checkTierLimit, type TierRefusal } from '../../limits/tierLimits';
import { refreshSegmentMembership } from '../../segments/refreshSegmentMembership';
import type { WorkerInputData, WorkerPatchData, WorkerView } from './workerInput';
import { toWorkerView, workerColumns, type WorkerRow } from './workerRows';

/** Expected refusals, returned as values. */
export type WorkerRefusal =
  | { code: 'phone_taken'; message: string; field: 'phoneNumber' }
  | { code: 'opted_out'; message: string; field: 'status' };

const phoneTaken = (phone: string): WorkerRefusal => ({
  code: 'phone_taken',
  message: `Another worker of your organization already has the phone ${phone}: update that worker instead`,
  field: 'phoneNumber',
});

/** One worker by id, in the scope's organization. */
export async function getWorker(em: EntityManager, id: string): Promise<WorkerView | undefined> {
  const [row] = await scopedSql<WorkerRow>(em, `select ${workerColumns} from workers w where w.organization_id = :organization_id and w.id = :id`, { id });
  return row ? toWorkerView(row) : undefined;
}

/** Creates a worker and places them in the segments their facts match, within the tier's worker limit. */
export async function createWorker(em: EntityManager, input: WorkerInputData, at: number): Promise<WorkerView | WorkerRefusal | TierRefusal> {
  try {
    return await em.transactional(async (tx) => {
      const refusal = await checkTierLimit(tx, 'workers', 1, at);
      if (refusal) return refusal;
      const [row] = await scopedSql<WorkerRow>(
        tx,
        `insert into workers (organization_id, full_name, phone_number, language, timezone, attributes)
         values (:organization_id, :fullName, :phone, :language, :timezone, :attributes::jsonb)
         returning ${workerColumns.replaceAll('w.', '')}`,
        { fullName: input.fullName, phone: input.phoneNumber, language: input.language ?? null, timezone: input.timezone ?? null, attributes: JSON.stringify(input.attributes ?? {}) },
      );
      await refreshSegmentMembership(tx, { workerIds: [row.id] });
      return toWorkerView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return phoneTaken(input.phoneNumber);
    throw error;
  }
}

/**
 * Changes a worker's fields (attributes are replaced whole) and refreshes their segments. A worker
 * who opted out stays opted out: only their START brings them back.
 */
export async function updateWorker(em: EntityManager, id: string, patch: WorkerPatchData): Promise<WorkerView | WorkerRefusal | undefined> {
  try {
    return await em.transactional(async (tx) => {
      const current = await getWorker(tx, id);
      if (!current) return undefined;
      if (patch.status === 'active' && current.status === 'opted_out') {
        return { code: 'opted_out', message: 'This worker opted out (STOP); only they can opt back in, by sending START', field: 'status' } satisfies WorkerRefusal;
      }
      const [row] = await scopedSql<WorkerRow>(
        tx,
        `update workers w set
           full_name = coalesce(:fullName, w.full_name),
           phone_number = coalesce(:phone, w.phone_number),
           language = case when :hasLanguage then :language else w.language end,
           timezone = case when :hasTimezone then :timezone else w.timezone end,
           attributes = coalesce(:attributes::jsonb, w.attributes),
           status = coalesce(:status, w.status),
           updated_at = now()
         where w.organization_id = :organization_id and w.id = :id
         returning ${workerColumns}`,
        {
          id,
          fullName: patch.fullName ?? null,
          phone: patch.phoneNumber ?? null,
          hasLanguage: patch.language !== undefined,
          language: patch.language ?? null,
          hasTimezone: patch.timezone !== undefined,
          timezone: patch.timezone ?? null,
          attributes: patch.attributes ? JSON.stringify(patch.attributes) : null,
          status: patch.status ?? null,
        },
      );
      await refreshSegmentMembership(tx, { workerIds: [id] });
      return toWorkerView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error) && patch.phoneNumber) return phoneTaken(patch.phoneNumber);
    throw error;
  }
}

/**
 * Deletes a worker and everything that cascades from them: messages, conversations, progress,
 * ledger entries, events and their deliveries (use erasure to keep aggregates); their balances,
 * which do not cascade, are first taken off the leaderboards.
 */
export async function deleteWorker(em: EntityManager, id: string): Promise<void> {
  await setLeaderboardDisplay(em, id, 'hidden');
  await scopedSql(em, `delete from workers where organization_id = :organization_id and id = :id`, { id });
}
