import makeWASocket, { Browsers, downloadMediaMessage, makeCacheableSignalKeyStore, type UserFacingSocketConfig } from '@whiskeysockets/baileys';
import type { BaileysMediaDownloader, BaileysSocket, BaileysSocketFactory } from './baileysTypes';

/**
 * The production socket factory: `makeWASocket` with the database auth state behind Baileys'
 * key cache, no full history sync (the engine wants live messages only; the initial sync is kept
 * because Baileys learns LID mappings from it), and Baileys' own logs at `warn` under the
 * channel's id.
 * @param overrides extra socket options, e.g. `waWebSocketUrl` pointing at a local server in tests.
 */
export function makeRealBaileysSocketFactory(overrides: Partial<UserFacingSocketConfig> = {}): BaileysSocketFactory {
  return ({ channelId, auth, logger }) => {
    const socketLogger = logger.child({ channelId, component: 'baileys' }, { level: 'warn' });
    const socket = makeWASocket({
      auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, socketLogger) },
      logger: socketLogger,
      browser: Browsers.ubuntu('Coaching Engine'),
      markOnlineOnConnect: false,
      syncFullHistory: false,
      ...overrides,
    });
    return socket satisfies BaileysSocket;
  };
}

/** `makeRealBaileysSocketFactory()` with WhatsApp's own servers. */
export const createRealBaileysSocket: BaileysSocketFactory = makeRealBaileysSocketFactory();

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
