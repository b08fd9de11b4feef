import type { AnyMessageContent, AuthenticationState, BaileysEventMap, WAMessage } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { InboundMessage, StatusUpdate } from '../channelTypes';

/**
 * The part of a Baileys socket (`makeWASocket`) the channel uses. The real socket satisfies it;
 * tests give a fake that emits recorded events.
 */
export interface BaileysSocket {
  ev: {
    on<E extends keyof BaileysEventMap>(event: E, listener: (arg: BaileysEventMap[E]) => void): void;
    removeAllListeners<E extends keyof BaileysEventMap>(event: E): void;
  };
  sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage | undefined>;
  /** Phone number in digits only (country code first), e.g. `15550001111`. Returns the 8-character code to type on the phone. */
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** Unlinks the device on WhatsApp's side, then closes (a `connection.update` close with loggedOut follows). */
  logout(message?: string): Promise<void>;
  /** Closes the connection without unlinking. */
  end(error: Error | undefined): void | Promise<void>;
  signalRepository: { lidMapping: { getPNForLID(lid: string): Promise<string | null> } };
  /** Asks the phone to re-upload expired media (Baileys' `reuploadRequest`). */
  updateMediaMessage?(message: WAMessage): Promise<WAMessage>;
}

export interface BaileysSocketFactoryInput {
  channelId: string;
  /** The database-backed auth state; the socket writes keys through it. */
  auth: AuthenticationState;
  logger: Logger;
}

/** Opens one socket. The real one is `createRealBaileysSocket`; tests inject a fake. */
export type BaileysSocketFactory = (input: BaileysSocketFactoryInput) => BaileysSocket;

/** Downloads the media of an inbound message (default: Baileys' `downloadMediaMessage`). */
export type BaileysMediaDownloader = (message: WAMessage, socket: BaileysSocket) => Promise<Buffer>;

/** The channel row a manager serves. */
export interface BaileysChannelRef {
  id: string;
  organizationId: string;
  settings: Record<string, unknown>;
}

/** The pairing state operators see. */
export type BaileysPairingState = 'pairing' | 'open' | 'closed' | 'logged_out';

/** An inbound message, with its media bytes when it carried media (the caller stores them). */
export interface BaileysInbound {
  message: InboundMessage;
  /** Downloaded media; absent when the message has none or the download failed (`mediaError` says why). */
  media?: { data: Buffer; mimeType: string };
  mediaError?: string;
}

/** Called for each inbound message, in arrival order per channel. A throw is logged; the message is not retried. */
export type BaileysInboundHandler = (channel: BaileysChannelRef, inbound: BaileysInbound) => Promise<void>;
/** Called for each delivery or read receipt of a message this channel sent. */
export type BaileysStatusHandler = (channel: BaileysChannelRef, status: StatusUpdate) => Promise<void>;
