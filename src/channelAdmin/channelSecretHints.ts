import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** What the API shows of a write-only secret. */
export interface SecretHint {
  lastFour: string;
  setAt: string;
}

/** A secret shorter than this gets no last four (empty): four characters would be a third of it or more. */
const HINTED_FROM_LENGTH = 12;

/** The last four characters of a secret long enough to show them without giving it away, else ''. */
export const lastFourOf = (value: string) => (value.length >= HINTED_FROM_LENGTH ? value.slice(-4) : '');

/** Records the last four characters (`lastFourOf`) and time of each secret just set (replacing older hints). */
export async function writeSecretHints(em: EntityManager, channelId: string, secrets: Record<string, string>, now: Date): Promise<void> {
  for (const [name, value] of Object.entries(secrets)) {
    await scopedSql(
      em,
      `insert into channel_secret_hints (channel_id, organization_id, name, last_four, set_at)
       values (:channel, :organization_id, :name, :lastFour, :setAt)
       on conflict (channel_id, name) do update set last_four = excluded.last_four, set_at = excluded.set_at`,
      { channel: channelId, name, lastFour: lastFourOf(value), setAt: now },
    );
  }
}

/** Forgets the hints of secrets that were removed. */
export async function dropSecretHints(em: EntityManager, channelId: string, names: string[]): Promise<void> {
  for (const name of names) {
    await scopedSql(em, `delete from channel_secret_hints where organization_id = :organization_id and channel_id = :channel and name = :name`, { channel: channelId, name });
  }
}

/** Hints per channel id, then secret name. */
export async function readSecretHints(em: EntityManager, channelIds: string[]): Promise<Map<string, Record<string, SecretHint>>> {
  const byChannel = new Map<string, Record<string, SecretHint>>();
  if (channelIds.length === 0) return byChannel;
  const list = channelIds.map((_, i) => `:c${i}`).join(', ');
  const rows = await scopedSql<{ channel_id: string; name: string; last_four: string; set_at: Date }>(
    em,
    `select channel_id, name, last_four, set_at from channel_secret_hints where organization_id = :organization_id and channel_id in (${list}) order by name`,
    Object.fromEntries(channelIds.map((id, i) => [`c${i}`, id])),
  );
  for (const row of rows) {
    const hints = byChannel.get(row.channel_id) ?? {};
    hints[row.name] = { lastFour: row.last_four, setAt: new Date(row.set_at).toISOString() };
    byChannel.set(row.channel_id, hints);
  }
  return byChannel;
}
