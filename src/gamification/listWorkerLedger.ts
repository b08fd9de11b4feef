import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** One ledger entry as the API shows it. */
export interface LedgerView {
  id: string;
  kind: string;
  points: number;
  programId: string | null;
  occurredAt: string;
  reversesId: string | null;
  ruleVersion: number | null;
  detail: Record<string, unknown>;
}

/** A worker's ledger, newest first, in keyset pages (cursor: the last entry's `occurredAt|id`). */
export async function listWorkerLedger(em: EntityManager, workerId: string, limit: number, cursor?: string): Promise<{ entries: LedgerView[]; nextCursor: string | null }> {
  const [beforeAt, beforeId] = cursor ? cursor.split('|') : [null, null];
  const rows = await scopedSql<{ id: string; kind: string; points: number; program_id: string | null; occurred_at: Date; reverses_id: string | null; rule_version: number | null; detail: Record<string, unknown> }>(
    em,
    `select id, kind, points, program_id, occurred_at, reverses_id, rule_version, detail from gamification_ledger
      where organization_id = :organization_id and worker_id = :worker
        and (:beforeAt::timestamptz is null or (occurred_at, id) < (:beforeAt::timestamptz, :beforeId::uuid))
      order by occurred_at desc, id desc limit :limit`,
    { worker: workerId, beforeAt, beforeId, limit: limit + 1 },
  );
  const entries = rows.slice(0, limit).map((r) => ({
    id: r.id, kind: r.kind, points: r.points, programId: r.program_id, occurredAt: new Date(r.occurred_at).toISOString(),
    reversesId: r.reverses_id, ruleVersion: r.rule_version, detail: r.detail,
  }));
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > limit && last ? `${last.occurredAt}|${last.id}` : null };
}

