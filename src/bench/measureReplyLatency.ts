import { summarizeLatencies, type LatencySummary } from './latencySummary';

export interface SentInbound {
  phone: string;
  /** When the webhook was posted, epoch ms. */
  at: number;
}

export interface ProviderCall {
  /** Recipient, E.164. */
  to: string;
  /** When the provider fake received the send, epoch ms. */
  at: number;
}

/**
 * From a worker's message to the reply handed to the provider: for each inbound message, the
 * first send to that worker at or after it.
 */
export function measureReplyLatency(inbound: SentInbound[], calls: ProviderCall[]): LatencySummary & { unanswered: number } {
  const byPhone = new Map<string, number[]>();
  for (const call of calls) byPhone.set(call.to, [...(byPhone.get(call.to) ?? []), call.at]);
  for (const times of byPhone.values()) times.sort((a, b) => a - b);
  const latencies: number[] = [];
  let unanswered = 0;
  for (const message of inbound) {
    const reply = byPhone.get(message.phone)?.find((at) => at >= message.at);
    if (reply === undefined) unanswered++;
    else latencies.push(reply - message.at);
  }
  return { ...summarizeLatencies(latencies), unanswered };
}
