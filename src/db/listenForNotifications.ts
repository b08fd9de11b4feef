import pg from 'pg';
import type { Logger } from 'pino';
import { pgConnection } from '../dbHosts/pgConnection';

export interface NotificationHandlers {
  /** A NOTIFY on the topic, with its payload. */
  onNotify(payload: string): void;
  /** LISTEN is in place: from now on every change is heard. */
  onListening(): void;
  /** The connection dropped: changes may be missed until `onListening` again. */
  onDeaf(): void;
}

export interface NotificationListener {
  close(): Promise<void>;
}

/**
 * LISTENs on `topic` on a dedicated connection and reconnects after `retryMs` when it drops.
 * @param retryMs delay before reconnecting, milliseconds.
 */
export function listenForNotifications(connectionString: string, topic: string, handlers: NotificationHandlers, logger: Logger, retryMs = 2_000): NotificationListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client(pgConnection(connectionString));
    client = next;
    const reconnect = (error?: Error) => {
      if (closed || client !== next) return;
      client = undefined;
      logger.warn({ err: error?.message, topic }, 'notification listener lost its connection; reconnecting');
      next.end().catch(() => undefined);
      handlers.onDeaf();
      retry = setTimeout(() => void connect(), retryMs);
    };
    next.on('notification', (message) => handlers.onNotify(message.payload ?? ''));
    next.on('error', reconnect);
    next.on('end', () => reconnect());
    try {
      await next.connect();
      await next.query(`LISTEN ${topic}`);
      if (client === next) handlers.onListening();
    } catch (error) {
      reconnect(error instanceof Error ? error : new Error(String(error)));
    }
  };
  void connect();

  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
