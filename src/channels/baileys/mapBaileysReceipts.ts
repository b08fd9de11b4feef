import { isLidUser, jidNormalizedUser, proto, toNumber, type WAMessageUpdate } from '@whiskeysockets/baileys';
import type { DeliveryStatus, StatusUpdate } from '../channelTypes';
import { toE164 } from '../toE164';

const Status = proto.WebMessageInfo.Status;

/** WhatsApp's ack levels for a message we sent, as the engine's statuses. PENDING says nothing new. */
function statusOf(status: number): DeliveryStatus | undefined {
  switch (status) {
    case Status.SERVER_ACK: return 'sent';
    case Status.DELIVERY_ACK: return 'delivered';
    case Status.READ:
    case Status.PLAYED: return 'read';
    case Status.ERROR: return 'failed';
    default: return undefined;
  }
}

/**
 * Turns a `messages.update` event into status updates for the messages this number sent
 * (receipts of 1:1 chats; group receipts come as `message-receipt.update` and are not used).
 * Updates that carry no status (edits, reactions, deletions) and updates of received messages
 * give nothing.
 * @param receivedAt epoch milliseconds, used when the update has no timestamp.
 */
export function mapBaileysReceipts(updates: ReadonlyArray<WAMessageUpdate>, receivedAt: number): StatusUpdate[] {
  const statuses: StatusUpdate[] = [];
  for (const { key, update } of updates) {
    if (!key.fromMe || !key.id || typeof update.status !== 'number') continue;
    const status = statusOf(update.status);
    if (!status) continue;
    const seconds = update.messageTimestamp ? toNumber(update.messageTimestamp) : 0;
    const jid = key.remoteJid && isLidUser(key.remoteJid) ? key.remoteJidAlt : key.remoteJid;
    const recipient = jid && !isLidUser(jid) ? toE164(jidNormalizedUser(jid).split('@')[0]) : undefined;
    statuses.push({
      providerMessageId: key.id,
      status,
      at: seconds > 0 ? seconds * 1000 : receivedAt,
      ...(recipient ? { recipient } : {}),
      ...(status === 'failed' ? { errorCode: 'baileys_error', errorReason: 'WhatsApp reported the message as failed' } : {}),
    });
  }
  return statuses;
}
