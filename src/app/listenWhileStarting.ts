import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { startingRoutes } from '../http/startingRoutes';

export interface StartingServer {
  server: ServerType;
  /** The base URL the server listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** What `/readyz` answers until `serveApp`, e.g. 'database unreachable'. */
  setReason(reason: string): void;
  /** From now on providers' webhooks (`/webhooks/twilio/…`, `/webhooks/whatsapp/…`) go to this app, the rest still answers as starting. */
  serveWebhooks(fetch: Fetch): void;
  /** From now on every request goes to the engine's app. */
  serveApp(fetch: Fetch): void;
}

const providerWebhook = /^\/webhooks\/(twilio|whatsapp)\//;

/** A Hono app's fetch; `env` carries the Node request (the client's address). */
type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/** Listens at once with the start-up routes (health, 503 elsewhere), so health checks and providers get an answer while the database is waited for. */
export async function listenWhileStarting(port: number, hostname: string): Promise<StartingServer> {
  let reason = 'starting';
  const starting = startingRoutes(() => reason).fetch;
  let webhooks: Fetch | undefined;
  let handle: Fetch = (request, env) => (webhooks && providerWebhook.test(new URL(request.url).pathname) ? webhooks(request, env) : starting(request, env));
  const server = await new Promise<ServerType>((ready) => {
    const started = serve({ fetch: (request, env) => handle(request, env), port, hostname }, () => ready(started));
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${hostname}:${address.port}`,
    setReason: (now) => {
      reason = now;
    },
    serveWebhooks: (fetch) => {
      webhooks = fetch;
    },
    serveApp: (fetch) => {
      handle = fetch;
    },
  };
}
