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
  /** From now on every other request goes to the engine's app (providers' webhooks stay with `serveWebhooks`' app). */
  serveApp(fetch: Fetch): void;
}

/** A provider's webhook, by the request's URL (`http://host/webhooks/twilio/…`). */
const providerWebhook = /^[a-z]+:\/\/[^/]+\/webhooks\/(twilio|whatsapp)\//;

/**
 * How long an idle kept-alive connection stays open, ms: beyond the idle timeout of the proxies
 * and load balancers in front (60 s by default at AWS's and nginx's), so the server never closes
 * a connection as they reuse it (their 502s), and a provider posting every few seconds reuses its
 * connection instead of opening one per webhook. Node's default is 5 s.
 */
const KEEP_ALIVE_MS = 65_000;

/** A Hono app's fetch; `env` carries the Node request (the client's address). */
type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/** Listens at once with the start-up routes (health, 503 elsewhere), so health checks and providers get an answer while the database is waited for. */
export async function listenWhileStarting(port: number, hostname: string): Promise<StartingServer> {
  let reason = 'starting';
  const starting = startingRoutes(() => reason).fetch;
  let webhooks: Fetch | undefined;
  let handle: Fetch = (request, env) => (webhooks && providerWebhook.test(request.url) ? webhooks(request, env) : starting(request, env));
  const server = await new Promise<ServerType>((ready) => {
    const started = serve({ fetch: (request, env) => handle(request, env), port, hostname }, () => ready(started));
  });
  if ('keepAliveTimeout' in server) server.keepAliveTimeout = KEEP_ALIVE_MS;
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
      // Providers' webhooks stay with the webhooks' app: the same routes, without the whole app's router.
      handle = (request, env) => (webhooks && providerWebhook.test(request.url) ? webhooks(request, env) : fetch(request, env));
    },
  };
}
