import type { SecretBox } from '../secrets/secretBox';
import { buildWebhookUrls, type ChannelWebhooks } from './buildWebhookUrls';
import type { SecretHint } from './channelSecretHints';
import { viewHealthMark, type HealthMark } from './readChannelHealth';
import type { ChannelRow } from './readChannelRows';

/** A channel as the API answers it: settings, secret hints (never a secret), webhooks to paste. */
export interface ChannelView {
  id: string;
  kind: string;
  name: string;
  address: string;
  status: string;
  settings: Record<string, unknown>;
  secrets: Record<string, SecretHint>;
  webhooks: ChannelWebhooks | null;
  /** Marked unhealthy (repeated bad-credential or blocked-number send failures) and why. */
  health: HealthMark;
  createdAt: string;
  updatedAt: string;
}

/** Options of `viewChannel`. */
export interface ViewChannelOptions {
  /** PUBLIC_URL; without it no webhook URL can be given. */
  publicUrl?: string;
  /** Opens the Cloud API verify token (the one secret an admin must paste); omitted without it. */
  secretBox?: SecretBox;
}

function openVerifyToken(row: ChannelRow, secretBox: SecretBox | undefined): string | null {
  if (row.kind !== 'cloud_api' || !row.secrets_ciphertext || !secretBox) return null;
  const token = secretBox.open(row.secrets_ciphertext, row.id).verifyToken;
  return typeof token === 'string' ? token : null;
}

/** The answer for one channel row. */
export function viewChannel(row: ChannelRow, hints: Record<string, SecretHint> | undefined, options: ViewChannelOptions): ChannelView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    address: row.address,
    status: row.status,
    settings: row.settings,
    secrets: hints ?? {},
    webhooks: options.publicUrl ? buildWebhookUrls(options.publicUrl, row, openVerifyToken(row, options.secretBox)) : null,
    health: viewHealthMark(row),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
