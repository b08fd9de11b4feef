import type { EntityManager } from '@mikro-orm/postgresql';
import type { BaileysPairingState } from '../../channels/baileys/baileysTypes';
import { readBaileysSession } from '../../channels/baileys/readBaileysSession';
import { readSecretHints } from '../../channelAdmin/channelSecretHints';
import { readChannelHealth, type ChannelHealth } from '../../channelAdmin/readChannelHealth';
import { listChannelRows, readChannelRow, type ChannelRow } from '../../channelAdmin/readChannelRows';
import { viewChannel, type ChannelView, type ViewChannelOptions } from '../../channelAdmin/viewChannel';
import { loadPairing, type PairingData } from './loadPairing';

/** Everything a channel's page shows. */
export interface ChannelPageData {
  row: ChannelRow;
  view: ChannelView;
  health: ChannelHealth;
  /** Linked-device (Baileys) channels only. */
  pairing?: PairingData;
}

/**
 * A channel of the organization with its secret hints, webhooks, health and (Baileys) pairing
 * state, through the onboarding's own readers; undefined when not found (or deleted).
 * @param em an organization scope.
 */
export async function loadChannelPage(em: EntityManager, id: string, options: ViewChannelOptions & { now: Date }): Promise<ChannelPageData | undefined> {
  const row = await readChannelRow(em, id);
  if (!row) return undefined;
  const hints = await readSecretHints(em, [id]);
  const health = await readChannelHealth(em, row, options.now);
  const pairing = row.kind === 'baileys' ? await loadPairing(em, id) : undefined;
  return { row, view: viewChannel(row, hints.get(id), options), health, ...(pairing ? { pairing } : {}) };
}

/** One line of the channel list. */
export interface ChannelSummary {
  row: ChannelRow;
  health: ChannelHealth;
  /** Linked-device (Baileys) channels: the pairing state. */
  pairingState?: BaileysPairingState;
}

/**
 * The organization's channels, oldest first, each with its health.
 * @param em an organization scope.
 */
export async function listChannelSummaries(em: EntityManager, now: Date): Promise<ChannelSummary[]> {
  const summaries: ChannelSummary[] = [];
  for (const row of await listChannelRows(em)) {
    const health = await readChannelHealth(em, row, now);
    summaries.push({ row, health, ...(row.kind === 'baileys' ? { pairingState: (await readBaileysSession(em, row.id)).state } : {}) });
  }
  return summaries;
}
