import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One send the fake received. */
export interface GraphSend {
  phoneNumberId: string;
  /** Recipient, E.164. */
  to: string;
  /** The wamid answered. */
  id: string;
  /** Epoch ms. */
  at: number;
}

export interface BenchGraphApi {
  /** `http://127.0.0.1:<port>/v21.0`, the GRAPH_API_BASE_URL of the engine and the floor. */
  graphBaseUrl: string;
  sends: GraphSend[];
  /** Called on each send, after it is answered. */
  onSend(listener: (send: GraphSend) => void): void;
  close(): Promise<void>;
}

/**
 * The bench's fake Graph API: `POST /v21.0/:phoneNumberId/messages` answered at once with a fresh
 * wamid, as the send response fixture is shaped; every send kept (to match replies to messages)
 * and told to the listener (the closed loop's next answer, the status webhook).
 */
export async function startBenchGraphApi(): Promise<BenchGraphApi> {
  const sends: GraphSend[] = [];
  let listener: (send: GraphSend) => void = () => undefined;
  let counter = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/v21\.0\/(\d+)\/messages$/.exec(request.url ?? '');
      if (request.method !== 'POST' || !match) return void response.writeHead(404).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string };
      const send = { phoneNumberId: match[1], to: `+${body.to.replace(/^\+/, '')}`, id: `wamid.BENCH${String(++counter).padStart(12, '0')}`, at: Date.now() };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: send.id }] }));
      sends.push(send);
      listener(send);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    graphBaseUrl: `http://127.0.0.1:${port}/v21.0`,
    sends,
    onSend: (next) => void (listener = next),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
