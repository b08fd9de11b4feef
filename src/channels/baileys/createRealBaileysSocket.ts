import makeWASocket, { Browsers, downloadMediaMessage, makeCacheableSignalKeyStore } from '@whiskeysockets/baileys';
import type { BaileysMediaDownloader, BaileysSocket, BaileysSocketFactory } from './baileysTypes';

/**
 * The production socket factory: `makeWASocket` with the database auth state behind Baileys'
 * key cache, no history sync (the engine wants live messages only), and Baileys' own logs at
 * `warn` under the channel's id.
 */
export const createRealBaileysSocket: BaileysSocketFactory = ({ channelId, auth, logger }) => {
  const socketLogger = logger.child({ channelId, component: 'baileys' }, { level: 'warn' });
  const socket = makeWASocket({
    auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, socketLogger) },
    logger: socketLogger,
    browser: Browsers.ubuntu('Coaching Engine'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    shouldSyncHistoryMessage: () => false,
  });
  return socket satisfies BaileysSocket;
};

/** Downloads media with Baileys' helper, asking the phone to re-upload when the link expired. */
export const downloadWithBaileys: BaileysMediaDownloader = (message, socket) =>
  downloadMediaMessage(message, 'buffer', {}, socket.updateMediaMessage
    ? { reuploadRequest: socket.updateMediaMessage, logger: silentLogger }
    : undefined);

const silentLogger = {
  level: 'silent',
  child: () => silentLogger,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
