import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkerStatus } from '../../db/entities/Worker';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { WorkerView } from './workerInput';
import { toWorkerView, workerColumns, type WorkerRow } from './workerRows';

export interface WorkerFilters {
  status?: WorkerStatus;
  language?: string;
  /** Members of this segment. */
  segmentId?: string;
  /** Matches the start of the phone number or any part of the name (case-insensitive). */
  search?: string;
  /** Workers after this id (the previous page's nextCursor). */
  cursor?: string;
  /** Page size, 1–500. */
  limit: number;
}

/** A page of workers in id order (keyset pagination: stable under inserts, no OFFSET). */
export async function listWorkers(em: EntityManager, filters: WorkerFilters): Promise<{ workers: WorkerView[]; nextCursor: string | null }> {
  const rows = await scopedSql<WorkerRow>(
    em,
    `select ${workerColumns} from workers w
      where w.organization_id = :organization_id and not w.simulated
        and (:status::text is null or w.status = :status)
        and (:language::text is null or w.language = :language)
        and (:segment::uuid is null or exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = w.id and ws.segment_id = :segment::uuid))
        and (:search::text is null or w.phone_number like :phonePrefix or w.full_name ilike :namePattern)
        and (:cursor::uuid is null or w.id > :cursor::uuid)
      order by w.id limit :limit`,
    {
      status: filters.status ?? null,
      language: filters.language ?? null,
      segment: filters.segmentId ?? null,
      search: filters.search ?? null,
      phonePrefix: `${(filters.search ?? '').replace(/[%_\\]/g, '\\$&')}%`,
      namePattern: `%${(filters.search ?? '').replace(/[%_\\]/g, '\\$&')}%`,
      cursor: filters.cursor ?? null,
      limit: filters.limit + 1,
    },
  );
  const page = rows.slice(0, filters.limit);
  return { workers: page.map(toWorkerView), nextCursor: rows.length > filters.limit ? page[page.length - 1].id : null };
}
