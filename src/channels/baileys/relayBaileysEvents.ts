import type { BaileysEventMap } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { Clock } from '../../time/clock';
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
  /** Keeps a message `onInbound` still refused after the retries, to hand it over again later. */
  setAside?: (channel: BaileysChannelRef, inbound: BaileysInbound, error: unknown) => Promise<void>;
  onStatus: BaileysStatusHandler;
  /** Runs jobs one at a time, in order (the manager's queue). */
  run: <T>(job: () => Promise<T>) => Promise<T>;
  /** Waits before retrying a handler that threw, milliseconds each (Baileys has already acknowledged the message). */
  retryDelaysMs: ReadonlyArray<number>;
  wait: (ms: number) => Promise<void>;
}

const defaultMimeTypes = { image: 'image/jpeg', audio: 'audio/ogg', video: 'video/mp4', document: 'application/octet-stream' } as const;

/**
 * Listens to a socket's messages and receipts and hands them to the engine, one at a time in
 * arrival order: `messages.upsert` → mapped InboundMessage (media downloaded first), `messages.update`
 * → StatusUpdate. A handler that throws is tried again (`retryDelaysMs`); then a message is set
 * aside (`setAside`, kept on disk for a later retry), a receipt logged, and the next event goes on.
 */
export function relayBaileysEvents(options: RelayOptions): void {
  const { channel, socket, logger, setAside } = options;
  const resolveLid = (lid: string) => socket.signalRepository.lidMapping.getPNForLID(lid);

  /** A handler that throws (the database briefly away) is tried again after each delay, then given up (`onGivenUp`). */
  async function withRetries(handle: () => Promise<void>, context: Record<string, unknown>, message: string, onGivenUp?: (error: unknown) => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await handle();
      } catch (error) {
        const delay = options.retryDelaysMs[attempt];
        if (delay === undefined) {
          logger.error({ ...context, err: error, attempts: attempt + 1 }, `${message}; ${onGivenUp ? 'set aside for a later retry' : 'given up'}`);
          await onGivenUp?.(error).catch((setAsideError: unknown) => logger.error({ ...context, err: setAsideError }, 'baileys inbound could not be set aside; lost'));
          return;
        }
        logger.warn({ ...context, err: error, retryInMs: delay }, message);
        await options.wait(delay);
      }
    }
  }

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
      await withRetries(() => options.onInbound(channel, inbound), { channelId: channel.id, messageId: raw.key.id }, 'baileys inbound handler failed', setAside && ((error) => setAside(channel, inbound, error)));
    }
  }

  async function relayReceipts(updates: BaileysEventMap['messages.update']): Promise<void> {
    for (const status of mapBaileysReceipts(updates, options.clock.now())) {
      await withRetries(() => options.onStatus(channel, status), { channelId: channel.id, providerMessageId: status.providerMessageId }, 'baileys status handler failed');
    }
  }

  socket.ev.on('messages.upsert', (event) => void options.run(() => relayUpsert(event)));
  socket.ev.on('messages.update', (updates) => void options.run(() => relayReceipts(updates)));
}
