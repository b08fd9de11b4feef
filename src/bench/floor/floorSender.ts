import type pg from 'pg';
import { floorStatements } from './floorStatements';

export interface FloorSenderSettings {
  organizationId: string;
  channelId: string;
  /** `{graphBaseUrl}/{phoneNumberId}/messages` */
  sendUrl: string;
  /** Rows per claim. */
  batch: number;
}

interface Claimed {
  id: string;
  seq: string;
  worker_id: string;
  body: string;
  phone_number: string;
}

/**
 * The floor's sender: claims queued replies in batches (autocommit), posts each worker's in
 * order while different workers go in parallel, and records the batch's results in one
 * statement, with the statuses that came before it. `wake()` after a commit that queued replies;
 * it also polls. `statusKept()` after a status was kept for a send not recorded yet: one of them
 * may have crossed the record (neither saw the other), so a sweep applies them a second later.
 */
export function startFloorSender(pool: pg.Pool, settings: FloorSenderSettings): { wake(): void; statusKept(): void; stop(): Promise<void> } {
  let running = true;
  let wakeUp: () => void = () => undefined;
  let sweep: NodeJS.Timeout | undefined;
  const query = (name: 'claimReplies' | 'recordSent' | 'applyKeptStatuses', values: unknown[]) => pool.query({ name, text: floorStatements[name], values });

  async function post(message: Claimed): Promise<string> {
    const response = await fetch(settings.sendUrl, {
      method: 'POST',
      headers: { authorization: 'Bearer floor', 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: message.phone_number.replace(/^\+/, ''), type: 'text', text: { body: message.body } }),
    });
    const answer = (await response.json()) as { messages: { id: string }[] };
    return answer.messages[0].id;
  }

  async function sendBatch(rows: Claimed[]): Promise<void> {
    const byWorker = new Map<string, Claimed[]>();
    for (const row of rows.sort((a, b) => Number(a.seq) - Number(b.seq))) byWorker.set(row.worker_id, [...(byWorker.get(row.worker_id) ?? []), row]);
    const ids: string[] = [];
    const providerIds: string[] = [];
    await Promise.all(
      [...byWorker.values()].map(async (chain) => {
        for (const row of chain) {
          providerIds.push(await post(row));
          ids.push(row.id);
        }
      }),
    );
    await query('recordSent', [settings.organizationId, ids, providerIds, settings.channelId]);
  }

  const loop = (async () => {
    while (running) {
      const { rows } = await query('claimReplies', [settings.organizationId, settings.channelId, settings.batch]).catch((error: unknown) => {
        console.error('floor sender:', error);
        return { rows: [] };
      });
      if (rows.length > 0) {
        await sendBatch(rows as Claimed[]).catch((error: unknown) => console.error('floor sender:', error));
        continue;
      }
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        setTimeout(resolve, 50);
      });
    }
  })();
  return {
    wake: () => wakeUp(),
    /** A status came before its send was recorded, or crossed the record: applied a second later. */
    statusKept() {
      sweep ??= setTimeout(() => {
        sweep = undefined;
        query('applyKeptStatuses', [settings.organizationId, settings.channelId]).catch((error: unknown) => console.error('floor sender:', error));
      }, 1000);
    },
    async stop() {
      clearTimeout(sweep);
      running = false;
      wakeUp();
      await loop;
    },
  };
}
