import { DisconnectReason } from '@whiskeysockets/baileys';

/** What to do after the socket closed. */
export type CloseDecision =
  /** The device was unlinked (from the phone, or by our logout): clear the auth state, stop. */
  | { kind: 'logged_out'; statusCode: number }
  /** WhatsApp asks for a fresh socket (after pairing): reconnect at once. */
  | { kind: 'restart'; statusCode: number }
  /** Another socket took this account over: should not happen under the lease; wait long before trying again. */
  | { kind: 'replaced'; statusCode: number }
  /** Network loss, timeout, server trouble: reconnect with backoff. */
  | { kind: 'transient'; statusCode: number | undefined };

/** Reads the Boom status code Baileys puts on `lastDisconnect.error` and decides. */
export function classifyBaileysClose(error: unknown): CloseDecision {
  const output = error && typeof error === 'object' && 'output' in error ? error.output : undefined;
  const statusCode = output && typeof output === 'object' && 'statusCode' in output && typeof output.statusCode === 'number' ? output.statusCode : undefined;
  switch (statusCode) {
    case DisconnectReason.loggedOut:
      return { kind: 'logged_out', statusCode };
    case DisconnectReason.restartRequired:
      return { kind: 'restart', statusCode };
    case DisconnectReason.connectionReplaced:
      return { kind: 'replaced', statusCode };
    default:
      return { kind: 'transient', statusCode };
  }
}

/** Delay before the n-th reconnection attempt (n ≥ 1), milliseconds: base doubling up to cap. */
export function reconnectDelayMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
