import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

/** An answer as the work makes it: status and a body to send as JSON. */
export interface WorkAnswer {
  status: number;
  body: unknown;
}

/** An answer as it is sent, and replayed byte for byte: status and the JSON text of its body. */
export interface StoredAnswer {
  status: number;
  json: string;
}

export type IdempotentOutcome = { kind: 'fresh' | 'replayed'; answer: StoredAnswer } | { kind: 'conflict'; message: string };

/** sha256 of what identifies a request: its method, path and canonical JSON body. */
export function hashRequest(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body)}`).digest('hex');
}

/**
 * Runs `work` once per (organization, key), in one transaction: a retry with the same key and
 * the same request gets the first answer back and creates nothing; the same key with a different
 * request is a conflict. Concurrent requests with one key queue on a transaction-scoped advisory
 * lock. The answer's JSON text is stored as sent, so a replay is byte-identical to the first.
 * Only successful answers (2xx) are kept: a refused request may be retried with its key.
 * Without a key, `work` simply runs in a transaction.
 */
export async function runIdempotent(
  em: EntityManager,
  key: string | undefined,
  requestHash: string,
  work: (tx: EntityManager) => Promise<WorkAnswer>,
): Promise<IdempotentOutcome> {
  const serialize = ({ status, body }: WorkAnswer): StoredAnswer => ({ status, json: JSON.stringify(body) });
  return em.transactional(async (tx) => {
    if (key === undefined) return { kind: 'fresh' as const, answer: serialize(await work(tx)) };
    await scopedSql(tx, `select pg_advisory_xact_lock(hashtextextended(:organization_id::text || ':' || :key::text, 0))`, { key });
    const [stored] = await scopedSql<{ request_hash: string; response_status: number; response_body: string }>(
      tx,
      `select request_hash, response_status, response_body from idempotency_keys where organization_id = :organization_id and key = :key`,
      { key },
    );
    if (stored) {
      if (stored.request_hash !== requestHash) {
        return { kind: 'conflict' as const, message: `The Idempotency-Key "${key}" was used for a different request: use a new key for a new request` };
      }
      return { kind: 'replayed' as const, answer: { status: stored.response_status, json: stored.response_body } };
    }
    const answer = serialize(await work(tx));
    if (answer.status >= 200 && answer.status < 300) {
      await scopedSql(
        tx,
        `insert into idempotency_keys (organization_id, key, request_hash, response_status, response_body) values (:organization_id, :key, :hash, :status, :body)`,
        { key, hash: requestHash, status: answer.status, body: answer.json },
      );
    }
    return { kind: 'fresh' as const, answer };
  });
}
