import { EventEmitter } from 'node:events';
import {
  BufferJSON,
  DisconnectReason,
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventMap,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { BaileysSocket, BaileysSocketFactory } from '../../src/channels/baileys/baileysTypes';
import { readProviderFixture } from './readProviderFixture';

/** A Baileys fixture (tests/fixtures/providers/baileys/) revived with Baileys' own BufferJSON. */
export function readBaileysFixture<E extends keyof BaileysEventMap>(_event: E, file: string): BaileysEventMap[E] {
  return JSON.parse(readProviderFixture(`baileys/${file}`), BufferJSON.reviver) as BaileysEventMap[E];
}

/** A Boom-shaped error, as Baileys puts on `lastDisconnect.error`. */
export function disconnectError(statusCode: number, message = `closed with ${statusCode}`): Error {
  return Object.assign(new Error(message), { output: { statusCode } });
}

/**
 * A socket that behaves like Baileys' on the outside: an event emitter with the same event names,
 * `creds.update` merged into the auth state as makeWASocket does, sends recorded and answered with
 * a message id (and upserted as `append`, as Baileys does), and logout or end emitting the close
 * Baileys emits. Tests drive it with `emit` and the recorded fixtures.
 */
export class FakeBaileysSocket implements BaileysSocket {
  private readonly emitter = new EventEmitter();
  readonly sent: Array<{ jid: string; content: AnyMessageContent }> = [];
  readonly lids = new Map<string, string>();
  ended = false;
  loggedOut = false;
  pairingCodeRequests: string[] = [];
  /** When set, sendMessage throws it. */
  failSend: Error | undefined;
  private sentCount = 0;

  readonly ev = {
    on: <E extends keyof BaileysEventMap>(event: E, listener: (arg: BaileysEventMap[E]) => void) => {
      this.emitter.on(event, listener);
    },
    removeAllListeners: <E extends keyof BaileysEventMap>(event: E) => {
      this.emitter.removeAllListeners(event);
    },
  };

  readonly signalRepository = {
    lidMapping: { getPNForLID: async (lid: string) => this.lids.get(lid) ?? null },
  };

  constructor(readonly channelId: string, readonly auth: AuthenticationState) {
    // makeWASocket merges every creds.update into the auth state before anyone saves it.
    this.emitter.on('creds.update', (update: Partial<AuthenticationState['creds']>) => Object.assign(this.auth.creds, update));
  }

  /** Whether this socket counts as connected (not ended, not logged out). */
  get live(): boolean {
    return !this.ended && !this.loggedOut;
  }

  emit<E extends keyof BaileysEventMap>(event: E, arg: BaileysEventMap[E]): void {
    this.emitter.emit(event, arg);
  }

  /** WhatsApp shows a QR (the recorded one unless given). */
  showQr(qr = readBaileysFixture('connection.update', 'connection-update-qr.json').qr): void {
    this.emit('connection.update', { connection: 'connecting', qr });
  }

  /** The phone scanned the QR: creds registered, then WhatsApp asks for a restart (515), as Baileys does. */
  completePairing(meJid = '15550001111:7@s.whatsapp.net'): void {
    this.emit('creds.update', { me: { id: meJid, name: 'Test Business' }, registered: true });
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error: disconnectError(DisconnectReason.restartRequired, 'restart required'), date: new Date() } });
    this.ended = true;
  }

  open(): void {
    this.emit('connection.update', { connection: 'open' });
  }

  close(statusCode: number, message?: string): void {
    this.ended = true;
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error: disconnectError(statusCode, message), date: new Date() } });
  }

  async sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage | undefined> {
    if (this.failSend) throw this.failSend;
    this.sent.push({ jid, content });
    const message: WAMessage = { key: { remoteJid: jid, fromMe: true, id: `3EB0FAKE${String(++this.sentCount).padStart(12, '0')}` }, status: 1 };
    this.emit('messages.upsert', { messages: [message], type: 'append' });
    return message;
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    this.pairingCodeRequests.push(phoneNumber);
    return 'TEST2345';
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error: disconnectError(DisconnectReason.loggedOut, 'Intentional Logout'), date: new Date() } });
  }

  end(error: Error | undefined): void {
    this.ended = true;
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error: error ?? disconnectError(DisconnectReason.connectionClosed, 'Connection Closed'), date: new Date() } });
  }
}

/** Every socket a factory made, in order; `live()` lists those still connected per channel. */
export function createFakeBaileysNetwork() {
  const sockets: FakeBaileysSocket[] = [];
  /** Largest number of live sockets seen at once for one channel (checked on every open). */
  let mostAtOnce = 0;
  const live = (channelId?: string) => sockets.filter((s) => s.live && (!channelId || s.channelId === channelId));
  const factory: BaileysSocketFactory = ({ channelId, auth }) => {
    const socket = new FakeBaileysSocket(channelId, auth);
    sockets.push(socket);
    mostAtOnce = Math.max(mostAtOnce, live(channelId).length);
    return socket;
  };
  return {
    sockets,
    factory,
    live,
    get mostAtOnce() {
      return mostAtOnce;
    },
    /** The newest socket of a channel. */
    latest(channelId: string): FakeBaileysSocket {
      const found = sockets.filter((s) => s.channelId === channelId).at(-1);
      if (!found) throw new Error(`no socket was opened for channel ${channelId}`);
      return found;
    },
  };
}
