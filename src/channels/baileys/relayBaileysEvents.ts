import type { BaileysEventMap } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { Clock } from '../../engine/clock';
import type {
  BaileysChannelRef,
  BaileysInbound,
  BaileysInboundHandler,
  BaileysMediaDownloader,
  BaileysSocket,
  BaileysStatusHandler,
} from './baileysTypes';
import { mapBaileysMessage } from './mapBaileysMessage';
import { mapBaileysReceipts } from './mapBaileysReceipts';

export interface RelayOptions {
  channel: BaileysChannelRef;
  socket: BaileysSocket;
  clock: Clock;
  logger: Logger;
  downloadMedia: BaileysMediaDownloader;
  onInbound: BaileysInboundHandler;
  onStatus: BaileysStatusHandler;
  /** Runs jobs one at a time, in order (the manager's queue). */
  run: <T>(job: () => Promise<T>) => Promise<T>;
}

const defaultMimeTypes = { image: 'image/jpeg', audio: 'audio/ogg', video: 'video/mp4', document: 'application/octet-stream' } as const;

/**
 * Listens to a socket's messages and receipts and hands them to the engine, one at a time in
 * arrival order: `messages.upsert` → mapped InboundMessage (media downloaded first), `messages.update`
 * → StatusUpdate. A handler that throws is logged and the next event goes on.
 */
export function relayBaileysEvents(options: RelayOptions): void {
  const { channel, socket, logger } = options;
  const resolveLid = (lid: string) => socket.signalRepository.lidMapping.getPNForLID(lid);

  async function relayUpsert(event: BaileysEventMap['messages.upsert']): Promise<void> {
    for (const raw of event.messages) {
      const mapped = await mapBaileysMessage(raw, event.type, resolveLid);
      if (!mapped.ok) {
        const level = mapped.reason === 'unresolved_lid' ? 'warn' : 'debug';
        logger[level]({ channelId: channel.id, messageId: raw.key.id, reason: mapped.reason, detail: mapped.detail }, 'baileys message skipped');
        continue;
      }
      const inbound: BaileysInbound = { message: mapped.message };
      if (mapped.mediaKind) {
        try {
          const data = await options.downloadMedia(raw, socket);
          inbound.media = { data, mimeType: mapped.message.media?.mimeType ?? defaultMimeTypes[mapped.mediaKind] };
        } catch (error) {
          inbound.mediaError = error instanceof Error ? error.message : String(error);
          logger.warn({ channelId: channel.id, messageId: raw.key.id, err: error }, 'baileys media download failed');
        }
      }
      try {
        await options.onInbound(channel, inbound);
      } catch (error) {
        logger.error({ channelId: channel.id, messageId: raw.key.id, err: error }, 'baileys inbound handler failed');
      }
    }
  }

  async function relayReceipts(updates: BaileysEventMap['messages.update']): Promise<void> {
    for (const status of mapBaileysReceipts(updates, options.clock.now())) {
      try {
        await options.onStatus(channel, status);
      } catch (error) {
        logger.error({ channelId: channel.id, providerMessageId: status.providerMessageId, err: error }, 'baileys status handler failed');
      }
    }
  }

  socket.ev.on('messages.upsert', (event) => void options.run(() => relayUpsert(event)));
  socket.ev.on('messages.update', (updates) => void options.run(() => relayReceipts(updates)));
}
