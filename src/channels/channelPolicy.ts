import type { ChannelKind } from './channelTypes';

/** The WhatsApp customer-service window, milliseconds. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Providers' documented default throughput per sender, messages per second (0: no limit). */
const defaultRates: Record<ChannelKind, number> = { cloud_api: 80, twilio: 1, baileys: 0.2, console: 0 };
/** Spacing of messages to one recipient, milliseconds: the Cloud API pair rate (about 1 per 6 s). */
const defaultRecipientSpacing: Record<ChannelKind, number> = { cloud_api: 6_000, twilio: 0, baileys: 0, console: 0 };

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Messages per second for a channel (0: unlimited), from `channels.settings.sendRatePerSecond` or the provider's default. */
function channelRate(kind: ChannelKind, settings: Record<string, unknown>): number {
  return positiveNumber(settings.sendRatePerSecond) ?? defaultRates[kind];
}

/** Minimum gap between two sends of one channel, milliseconds (0: unlimited). */
export function channelSpacingMs(kind: ChannelKind, settings: Record<string, unknown>): number {
  const rate = channelRate(kind, settings);
  return rate > 0 ? 1000 / rate : 0;
}

/**
 * How many of a channel's messages one claim may take: a tenth of a second's worth (at least
 * one), each then sent at its own slot, so claims keep up with fast channels without bursts.
 */
export function channelBurst(kind: ChannelKind, settings: Record<string, unknown>): number {
  const rate = channelRate(kind, settings);
  return rate > 0 ? Math.max(1, Math.floor(rate / 10)) : Number.POSITIVE_INFINITY;
}

/** Default burst of messages to one recipient at once (Cloud API: up to 45 in 6 s, borrowed from later). */
const defaultRecipientBurst: Record<ChannelKind, number> = { cloud_api: 45, twilio: 1, baileys: 1, console: 1 };

/**
 * Pacing of a channel's messages to one recipient, or undefined when it has none: the steady gap
 * (`channels.settings.recipientSpacingMs`, ms; Cloud API 6000) and the burst allowed at once
 * (`channels.settings.recipientBurst`; Cloud API 45) of a per-recipient token bucket.
 */
export function recipientPacing(kind: ChannelKind, settings: Record<string, unknown>): { intervalMs: number; burst: number } | undefined {
  const intervalMs = positiveNumber(settings.recipientSpacingMs) ?? defaultRecipientSpacing[kind];
  if (intervalMs <= 0) return undefined;
  return { intervalMs, burst: Math.max(1, Math.floor(positiveNumber(settings.recipientBurst) ?? defaultRecipientBurst[kind])) };
}

/** Whether the channel enforces WhatsApp's 24-hour customer-service window (console and Baileys, a linked personal number, do not). */
export function enforcesServiceWindow(kind: ChannelKind): boolean {
  return kind !== 'console' && kind !== 'baileys';
}

/** The providers' defaults by kind, as SQL reads them (`settings` values win): rate per second, recipient spacing (ms) and burst. */
export const channelPolicyDefaults = { rates: defaultRates, recipientSpacingMs: defaultRecipientSpacing, recipientBursts: defaultRecipientBurst } as const;
