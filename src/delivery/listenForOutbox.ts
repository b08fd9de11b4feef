import pg from 'pg';
import type { Logger } from 'pino';

export interface OutboxListener {
  close(): Promise<void>;
}

/**
 * LISTENs on the `outbox` channel (the messages insert trigger NOTIFYs it) on a dedicated
 * connection and calls `onNotify` for each notification; reconnects after `retryMs` when the
 * connection drops. Real PostgreSQL only: on the embedded database notifications reach whichever
 * connection is active, so the dispatcher is woken in-process there.
 * @param retryMs delay before reconnecting, milliseconds.
 */
export function listenForOutbox(connectionString: string, onNotify: () => void, logger: Logger, retryMs = 2_000): OutboxListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString });
    client = next;
    const reconnect = (error?: Error) => {
      if (closed || client !== next) return;
      client = undefined;
      logger.warn({ err: error?.message }, 'outbox listener lost its connection; reconnecting');
      next.end().catch(() => undefined);
      onNotify(); // anything inserted meanwhile is picked up
      retry = setTimeout(() => void connect(), retryMs);
    };
    next.on('notification', () => onNotify());
    next.on('error', reconnect);
    next.on('end', () => reconnect());
    try {
      await next.connect();
      await next.query('LISTEN outbox');
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
